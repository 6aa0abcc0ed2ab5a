package dev.claimschallenge.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The authentication contexts (Entra's {@code acrs}, e.g. {@code c1}) an operation needs, on a
 * controller method or on its class (both apply). A token that does not meet one gets the claims
 * challenge Keycloak's {@code evaluate} would send for the same contexts. Every id must be listed by
 * the API's policy in Keycloak; one that is not fails the application's start-up, naming it.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequiresAuthenticationContext {

    /** Context ids, e.g. {@code "c1"}. */
    String[] value();
}

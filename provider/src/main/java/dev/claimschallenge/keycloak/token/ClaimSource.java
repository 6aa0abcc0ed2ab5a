package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.engine.RequestedClaim;
import org.keycloak.representations.AccessToken;

/**
 * One way Keycloak computes the value of a requested access-token claim. The enricher asks its
 * sources in order ({@link AccessTokenClaimsEnricher#SOURCES}); adding a way to compute claims is
 * adding a class to that list. Internal: not an SPI, so that only code reviewed here can put a
 * value into a token.
 */
interface ClaimSource {

    /**
     * Whether this source alone decides {@code name}: later sources are not asked, even when this
     * one has no value (the session's acr is never a mapper's to compute).
     */
    default boolean owns(String name) {
        return false;
    }

    /** The value Keycloak computes for {@code claim}, or {@code null} when this source has none. */
    Object value(RequestedClaim claim, ClaimSourceContext context);

    /**
     * Whether the request's {@code value}/{@code values} must accept the value (OIDC Core 5.5.1);
     * {@code false} where the source already picked what the request names.
     */
    default boolean filteredByRequest() {
        return true;
    }

    /** Puts the value into the token. */
    default void write(AccessToken token, String name, Object value) {
        token.getOtherClaims().put(name, value);
    }
}

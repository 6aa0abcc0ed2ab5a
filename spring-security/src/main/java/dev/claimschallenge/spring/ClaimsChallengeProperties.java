package dev.claimschallenge.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code claims-challenge.*}: where Keycloak is and who the API is there.
 *
 * @param issuerUri    the realm's issuer, e.g. {@code http://localhost:8080/realms/claims-demo}: tokens
 *                     are validated against its JWKS, and the policy document is read below it
 * @param clientId     the API's own client in Keycloak: tokens must name it in {@code aud}, and it is
 *                     the client whose policy applies
 * @param clientSecret that client's secret, sent as HTTP Basic when fetching the policy document
 * @param refresh      how often the policy document is revalidated ({@code If-None-Match}); Keycloak
 *                     marks it fresh for 60 s
 * @param retry        how often a fetch is retried while no document was ever fetched (requests
 *                     with a token get 503 meanwhile)
 * @param timeout      connect and read timeout of each fetch
 * @param clockSkew    how long after its {@code exp} (and before its {@code nbf}) a token is still
 *                     accepted; none by default, as Keycloak's evaluate and introspection accept none
 *                     (Spring's own default, 60 s, would let a token evaluate calls inactive through)
 */
@ConfigurationProperties(ClaimsChallengeProperties.PREFIX)
public record ClaimsChallengeProperties(String issuerUri, String clientId, String clientSecret,
        @DefaultValue("60s") Duration refresh, @DefaultValue("5s") Duration retry, @DefaultValue("5s") Duration timeout,
        @DefaultValue("0s") Duration clockSkew) {

    public static final String PREFIX = "claims-challenge";

    /** {@code GET /realms/{realm}/claims-challenge/policy}. */
    public String policyUri() {
        return issuerUri.replaceAll("/+$", "") + "/claims-challenge/policy";
    }

    /** Refuses to start without what the library cannot work without, naming the property. */
    void check() {
        require(issuerUri, "issuer-uri", "the realm's issuer, e.g. http://localhost:8080/realms/claims-demo");
        require(clientId, "client-id", "the API's client id in Keycloak");
        require(clientSecret, "client-secret", "the API client's secret, for fetching its policy document");
    }

    private static void require(String value, String name, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Set " + PREFIX + "." + name + ": " + what);
        }
    }
}

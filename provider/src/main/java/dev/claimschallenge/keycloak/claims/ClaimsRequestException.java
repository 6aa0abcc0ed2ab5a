package dev.claimschallenge.keycloak.claims;

/**
 * A {@code claims} parameter that is not an OIDC Core 5.5 claims request; the message says why,
 * in the character set of an OAuth {@code error_description} (it may name a claim the client sent).
 */
public class ClaimsRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    public ClaimsRequestException(String message) {
        super(dev.claimschallenge.keycloak.ErrorDescription.safe(message));
    }
}

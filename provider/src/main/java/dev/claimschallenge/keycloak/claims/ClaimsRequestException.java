package dev.claimschallenge.keycloak.claims;

/** A {@code claims} parameter that is not an OIDC Core 5.5 claims request; the message says why. */
public class ClaimsRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    public ClaimsRequestException(String message) {
        super(message);
    }
}

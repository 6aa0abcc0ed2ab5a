package dev.claimschallenge.keycloak;

/**
 * A request this extension refuses, as an OAuth error code and a description for the client.
 * The SPI adapters turn it into Keycloak's own exception for where they run (an error redirect
 * from the authorization endpoint, a 400 from the token endpoint).
 */
public class OAuthRefusal extends RuntimeException {

    /** RFC 9470 section 5: the authentication does not meet the acr or max_age asked for. */
    public static final String UNMET_AUTHENTICATION_REQUIREMENTS = "unmet_authentication_requirements";

    private final String error;

    public OAuthRefusal(String error, String description) {
        super(description, null, false, false); // an answer to the client, not a failure: no stack trace
        this.error = error;
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }
}

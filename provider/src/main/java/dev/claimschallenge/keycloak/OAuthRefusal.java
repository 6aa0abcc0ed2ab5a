package dev.claimschallenge.keycloak;

/**
 * A request this extension refuses, as an OAuth error code and a description for the client.
 * The SPI adapters turn it into Keycloak's own exception for where they run (an error redirect
 * from the authorization endpoint, a 400 from the token endpoint).
 */
public class OAuthRefusal extends RuntimeException {

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

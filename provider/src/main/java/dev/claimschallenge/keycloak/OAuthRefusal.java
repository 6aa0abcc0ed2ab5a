package dev.claimschallenge.keycloak;

import org.keycloak.OAuthErrorException;

/**
 * A request this extension refuses, as an OAuth error code and a description for the client.
 * The SPI adapters turn it into Keycloak's own exception for where they run (an error redirect
 * from the authorization endpoint, a 400 from the token endpoint).
 */
public class OAuthRefusal extends RuntimeException {

    /** RFC 9470 section 5: the authentication does not meet the acr or max_age asked for. */
    public static final String UNMET_AUTHENTICATION_REQUIREMENTS = "unmet_authentication_requirements";

    /**
     * The prefix of the {@code error_description} of a refusal that needs the user. MSAL (msal-common's
     * {@code isInteractionRequiredError}) raises {@code InteractionRequiredAuthError} when the error, or
     * any part of the description, is one of its interaction codes ({@code interaction_required},
     * {@code login_required}, ...), so apps that catch it go interactive; the error stays RFC 6749's
     * {@code invalid_grant} for every other client.
     */
    public static final String INTERACTION_REQUIRED_PREFIX = "interaction_required: ";

    private final String error;

    /**
     * @param description passed through {@link ErrorDescription#safe}: it may name what a client
     *                    sent (an acr value, a claim name, a context id), on every path
     */
    public OAuthRefusal(String error, String description) {
        super(ErrorDescription.safe(description), null, false, false); // an answer to the client, not a failure: no stack trace
        this.error = error;
    }

    /**
     * A token-endpoint refusal that only the user can resolve (a stronger or more recent
     * authentication): {@code invalid_grant} with a description that starts with
     * {@value #INTERACTION_REQUIRED_PREFIX}. The one shape for every such refusal on a refresh grant.
     */
    public static OAuthRefusal interactionRequired(String reason) {
        return new OAuthRefusal(OAuthErrorException.INVALID_GRANT, INTERACTION_REQUIRED_PREFIX + reason);
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }
}

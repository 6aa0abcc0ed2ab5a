package dev.claimschallenge.keycloak.internal;

import jakarta.ws.rs.WebApplicationException;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.protocol.oidc.utils.AuthorizeClientUtil;

/**
 * What the resource-server endpoints borrow from Keycloak's OIDC endpoints (Keycloak services, not
 * public SPIs; checked by {@code KeycloakInternalsTest}): client authentication as the token and
 * introspection endpoints do it, and the authorization endpoint's URL.
 */
public final class OidcEndpoints {

    private OidcEndpoints() {
    }

    /**
     * The client the request authenticates as, with any client authenticator Keycloak accepts at its
     * token endpoint; {@code null} when it does not authenticate.
     */
    public static ClientModel authenticatedClient(KeycloakSession session, EventBuilder event) {
        try {
            return AuthorizeClientUtil.authorizeClient(session, event, null).getClient();
        } catch (WebApplicationException e) {
            return null;
        }
    }

    /** The realm's authorization endpoint, as Keycloak's discovery document names it. */
    public static String authorizationEndpoint(KeycloakSession session, RealmModel realm) {
        return OIDCLoginProtocolService.authUrl(session.getContext().getUri().getBaseUriBuilder()).build(realm.getName()).toString();
    }
}

package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.engine.ApprovedClients;
import dev.claimschallenge.engine.ClaimNames;
import dev.claimschallenge.keycloak.internal.SessionAuthentication;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.representations.AccessToken;

/**
 * Claims that only Keycloak (and this extension) decide, taken back from what protocol mappers
 * wrote, in every access token of a realm with the extension on, before anything else looks at
 * the token, and in introspection's rebuilt token (which re-runs the client's mappers). Keycloak lets a mapper named {@code azp}, {@code acr} or {@code auth_time} set the
 * token's own field ({@code OIDCAttributeMapperHelper}'s property setters), so a hardcoded-claim
 * or user-attribute mapper of the requesting app would name another client, or a second factor
 * or a login that never happened, in a token Keycloak signs; one named {@code client_id} or
 * {@code acrs} would claim an approval or a context nobody granted.
 * <ul>
 * <li>{@code azp}: the client the token is issued to, again;</li>
 * <li>{@code acr}, when the token has one: what Keycloak's acr mapper computes for the session;</li>
 * <li>{@code auth_time}, when the token has one: the user session's last active authentication;</li>
 * <li>{@code client_id} naming another client: removed (Keycloak's service-account mapper
 * writes the right one);</li>
 * <li>{@code acrs}: removed; this extension writes it afterwards, only for contexts met.</li>
 * </ul>
 */
public final class KeycloakDecidedClaims {

    private static final Logger LOG = Logger.getLogger(KeycloakDecidedClaims.class);

    private KeycloakDecidedClaims() {
    }

    /** @param clientSession the session of the client the token is (was) issued to */
    public static void restore(AccessToken token, AuthenticatedClientSessionModel clientSession) {
        String client = clientSession.getClient().getClientId();
        if (!client.equals(token.getIssuedFor())) {
            changed(ApprovedClients.AZP, token.getIssuedFor(), client);
            token.issuedFor(client);
        }
        if (token.getAcr() != null) {
            String acr = SessionAuthentication.acr(clientSession);
            if (!acr.equals(token.getAcr())) {
                changed(ClaimNames.ACR, token.getAcr(), client);
                token.setAcr(acr);
            }
        }
        if (token.getAuth_time() != null) {
            Long authTime = SessionAuthentication.authTime(clientSession.getUserSession());
            if (!authTime.equals(token.getAuth_time())) {
                changed(ClaimNames.AUTH_TIME, token.getAuth_time(), client);
                token.setAuth_time(authTime);
            }
        }
        Map<String, Object> other = token.getOtherClaims();
        if (other.isEmpty()) {
            return;
        }
        for (String name : new String[] {ApprovedClients.AZP, ClaimNames.ACR, ClaimNames.AUTH_TIME, ClaimNames.ACRS}) {
            Object removed = other.remove(name);
            if (removed != null) {
                changed(name, removed, client);
            }
        }
        Object clientId = other.get(ApprovedClients.CLIENT_ID);
        if (clientId != null && !client.equals(clientId)) {
            other.remove(ApprovedClients.CLIENT_ID);
            changed(ApprovedClients.CLIENT_ID, clientId, client);
        }
    }

    private static void changed(String claim, Object written, String client) {
        // a protocol mapper of this client or of one of its client scopes writes it: worth fixing at the source
        LOG.debugf("Access token of client %s: claim %s is Keycloak's own, not the %s a protocol mapper wrote", client, claim,
                Objects.toString(written));
    }
}

package dev.claimschallenge.keycloak.token;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.protocol.oidc.mappers.AcrProtocolMapper;

/**
 * The acr Keycloak itself would put in a token for this client session (level of authentication
 * mapped through the ACR-to-LoA map), reused from Keycloak's acr mapper rather than re-derived.
 */
final class SessionAcr extends AcrProtocolMapper {

    private static final SessionAcr INSTANCE = new SessionAcr();

    static String of(AuthenticatedClientSessionModel clientSession) {
        return INSTANCE.getAcr(clientSession);
    }
}

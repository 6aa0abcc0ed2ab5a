package dev.claimschallenge.keycloak.internal;

import java.util.List;
import java.util.Map;
import org.keycloak.authentication.authenticators.util.LoAUtil;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AcrProtocolMapper;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * What Keycloak knows about a user's authentication, read through its own (internal) helpers so
 * that the extension never re-derives it: the ACR-to-LoA map ({@code AcrUtils}), the acr Keycloak
 * reports for a client session (its {@code AcrProtocolMapper}), the session's raw level
 * ({@code LoAUtil}) and the last active authentication ({@code AuthenticationManager.AUTH_TIME}).
 * {@code KeycloakInternalsTest} checks each of these is still there.
 */
public final class SessionAuthentication {

    /** Keycloak's acr mapper, for its {@code getAcr(clientSession)}: the acr a token of this session gets. */
    static final class SessionAcr extends AcrProtocolMapper {
        static final SessionAcr INSTANCE = new SessionAcr();

        String of(AuthenticatedClientSessionModel clientSession) {
            return getAcr(clientSession); // protected: the reason for this subclass
        }
    }

    private SessionAuthentication() {
    }

    /** The client's ACR-to-LoA map, else the realm's. */
    public static Map<String, Integer> loaMap(ClientModel client) {
        return AcrUtils.getAcrLoaMap(client);
    }

    /** The realm's ACR-to-LoA map: what realm-wide authentication contexts rank acr values by. */
    public static Map<String, Integer> loaMap(org.keycloak.models.RealmModel realm) {
        return AcrUtils.getAcrLoaMap(realm);
    }

    /** Whether Keycloak's minimum-acr rule for {@code client} would raise any of {@code acrValues}. */
    public static boolean belowMinimum(List<String> acrValues, ClientModel client) {
        return !AcrUtils.enforceMinimumAcr(acrValues, client).equals(acrValues);
    }

    /**
     * The acr Keycloak itself puts in a token for this client session (the level of authentication
     * mapped through the ACR-to-LoA map; a login through a flow without level conditions has raw
     * level -1, reported as acr 1, or 0 after SSO).
     */
    public static String acr(AuthenticatedClientSessionModel clientSession) {
        return SessionAcr.INSTANCE.of(clientSession);
    }

    /** When the user last authenticated actively (seconds), else when the session started. */
    public static Long authTime(UserSessionModel userSession) {
        String note = userSession.getNote(AuthenticationManager.AUTH_TIME);
        return note != null ? Long.valueOf(note) : (long) userSession.getStarted();
    }

    /** The session's raw level of authentication (-1 after a flow without level conditions). */
    public static int level(AuthenticatedClientSessionModel clientSession) {
        return LoAUtil.getCurrentLevelOfAuthentication(clientSession);
    }

    /**
     * The level Keycloak stands for in a token of this client session, before any ACR-to-LoA map
     * names it: the raw level, or for a flow without level conditions 1 (0 after SSO), exactly as
     * {@code AcrProtocolMapper.getAcr} turns it into an acr. This, not the acr string, is what
     * requirements are judged by: the string comes through the client's own map.
     */
    public static int effectiveLevel(AuthenticatedClientSessionModel clientSession) {
        int level = level(clientSession);
        if (level < Constants.MINIMUM_LOA) {
            return AuthenticationManager.isSSOAuthentication(clientSession) ? 0 : 1;
        }
        return level;
    }
}

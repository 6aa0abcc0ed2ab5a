package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.keycloak.claims.AcrLevel;
import dev.claimschallenge.keycloak.claims.RequestedClaim;
import java.util.Map;
import org.keycloak.authentication.authenticators.util.LoAUtil;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;

/** Whether a session's level of authentication satisfies a requested acr, through the ACR-to-LoA map. */
final class AcrLevels {

    private AcrLevels() {
    }

    /**
     * The session meets {@code acr} when its level is at least that of one acceptable value. Its
     * level is that of the acr Keycloak reports for it (a login through a flow without level
     * conditions has the raw level -1, but Keycloak reports it as acr 1, or 0 after SSO), so that
     * what a token says and what this check accepts agree.
     */
    static boolean isMet(RequestedClaim acr, AuthenticatedClientSessionModel clientSession) {
        Map<String, Integer> loaMap = AcrUtils.getAcrLoaMap(clientSession.getClient());
        int current = AcrLevel.of(SessionAcr.of(clientSession), loaMap)
                .orElseGet(() -> LoAUtil.getCurrentLevelOfAuthentication(clientSession));
        return acr.acceptableValues().stream()
                .map(value -> AcrLevel.of(String.valueOf(value), loaMap))
                .anyMatch(level -> level.isPresent() && current >= level.getAsInt());
    }
}

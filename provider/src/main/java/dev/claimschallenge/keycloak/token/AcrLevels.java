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

    /** The session meets {@code acr} when its level is at least that of one acceptable value. */
    static boolean isMet(RequestedClaim acr, AuthenticatedClientSessionModel clientSession) {
        Map<String, Integer> loaMap = AcrUtils.getAcrLoaMap(clientSession.getClient());
        int current = LoAUtil.getCurrentLevelOfAuthentication(clientSession);
        return acr.acceptableValues().stream()
                .map(value -> AcrLevel.of(String.valueOf(value), loaMap))
                .anyMatch(level -> level.isPresent() && current >= level.getAsInt());
    }
}

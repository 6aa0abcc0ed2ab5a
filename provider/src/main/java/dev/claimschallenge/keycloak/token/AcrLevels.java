package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.keycloak.claims.RequestedClaim;
import java.util.Map;
import java.util.OptionalInt;
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
                .map(value -> level(String.valueOf(value), loaMap))
                .anyMatch(level -> level.isPresent() && current >= level.getAsInt());
    }

    static OptionalInt level(String acr, Map<String, Integer> loaMap) {
        Integer mapped = loaMap.get(acr);
        if (mapped != null) {
            return OptionalInt.of(mapped);
        }
        try {
            return OptionalInt.of(Integer.parseInt(acr));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}

package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.engine.ClaimNames;
import dev.claimschallenge.engine.RequestedClaim;
import dev.claimschallenge.keycloak.config.ClaimsChallengeRealmConfig;
import java.util.List;

/**
 * {@code xms_cc}: the client capabilities the request declares that the realm knows, matched
 * case-insensitively, in the realm's spelling. Already what the request names, so no exact-match
 * filter.
 */
final class ClientCapabilitiesSource implements ClaimSource {

    static final String CLIENT_CAPABILITIES = ClaimNames.CLIENT_CAPABILITIES;

    @Override
    public boolean owns(String name) {
        return CLIENT_CAPABILITIES.equals(name);
    }

    @Override
    public Object value(RequestedClaim claim, ClaimSourceContext context) {
        if (!owns(claim.name())) {
            return null;
        }
        List<String> echoed = ClaimsChallengeRealmConfig.matchingClientCapabilities(context.clientSession().getRealm(),
                claim.acceptableValues());
        return echoed.isEmpty() ? null : echoed;
    }

    @Override
    public boolean filteredByRequest() {
        return false;
    }
}

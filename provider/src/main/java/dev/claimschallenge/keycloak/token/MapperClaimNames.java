package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.keycloak.internal.ClaimPath;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;

/**
 * Whether a protocol mapper can produce one of some claim names, so that only the mappers of the
 * claims a grant asked for run (a static set-up runs every mapper on every token; running all of
 * a client's ID-token mappers to pick five claims cost more than the static mappers it replaces).
 * Answers "maybe" (run it) whenever it cannot be sure, so that the claims added are exactly those
 * running every mapper would add.
 */
final class MapperClaimNames {

    /** Built-in mapper types that write a fixed claim and have no {@code claim.name}. */
    private static final Map<String, String> FIXED = Map.of(
            "oidc-full-name-mapper", "name",
            "oidc-address-mapper", "address",
            "oidc-acr-mapper", "acr");

    /** claim.name to its top-level claim: splitting is a regular expression, and admins configure few distinct names. */
    private static final Map<String, Optional<String>> TOP_LEVEL = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 4096;

    private MapperClaimNames() {
    }

    /**
     * {@code false} only for a built-in type (known to write its {@code claim.name}, or its fixed
     * claim, and nothing else) whose top-level claim is none of {@code names}. A type an operator
     * added to the allowlist always runs: what it writes is not known here.
     */
    static boolean mayProduce(ProtocolMapperModel mapper, Set<String> names) {
        String type = mapper.getProtocolMapper();
        if (!MapperAllowlist.BUILT_IN.contains(type)) {
            return true;
        }
        String fixed = FIXED.get(type);
        if (fixed != null) {
            return names.contains(fixed);
        }
        String claim = mapper.getConfig() == null ? null : mapper.getConfig().get(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME);
        if (claim == null || claim.isBlank() || claim.contains("${")) {
            return true; // a default name, or one with a placeholder (role mappers' ${client_id})
        }
        Optional<String> topLevel = TOP_LEVEL.get(claim);
        if (topLevel == null) {
            topLevel = Optional.ofNullable(ClaimPath.topLevel(claim));
            if (TOP_LEVEL.size() >= MAX_CACHED) {
                TOP_LEVEL.clear();
            }
            TOP_LEVEL.put(claim, topLevel);
        }
        return topLevel.isEmpty() || names.contains(topLevel.get());
    }
}

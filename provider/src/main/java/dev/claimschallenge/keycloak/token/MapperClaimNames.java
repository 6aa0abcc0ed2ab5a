package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.keycloak.BoundedCache;
import dev.claimschallenge.keycloak.internal.ClaimPath;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private static final BoundedCache<String, Optional<String>> TOP_LEVEL = new BoundedCache<>(4096);

    /** What a mapper may produce, by mapper id, for the model instance it was worked out from. */
    private record Known(ProtocolMapperModel model, String claim) {
    }

    /**
     * {@link Known} by mapper id. Keycloak's realm cache hands out the same model instances
     * until the mapper or its scope changes, and then new ones, so a model seen again is known
     * by its identity (a different instance under the same id is worked out again). Every token
     * with a claims request asks this for every mapper of the client's scopes.
     */
    private static final BoundedCache<String, Known> BY_ID = new BoundedCache<>(4096);

    /** "Can produce anything": the mapper must run. */
    private static final String ANY = new String("any claim");

    private MapperClaimNames() {
    }

    /**
     * {@code false} only for a built-in type (known to write its {@code claim.name}, or its fixed
     * claim, and nothing else) whose top-level claim is none of {@code names}. A type an operator
     * added to the allowlist always runs: what it writes is not known here.
     */
    static boolean mayProduce(ProtocolMapperModel mapper, Set<String> names) {
        String claim = claimOf(mapper);
        return claim == ANY || names.contains(claim);
    }

    private static String claimOf(ProtocolMapperModel mapper) {
        String id = mapper.getId();
        Known known = id == null ? null : BY_ID.get(id);
        if (known != null && known.model() == mapper) {
            return known.claim();
        }
        String claim = topLevelClaim(mapper);
        if (id != null) {
            BY_ID.put(id, new Known(mapper, claim));
        }
        return claim;
    }

    /** The one top-level claim a built-in mapper writes, or {@link #ANY}. */
    private static String topLevelClaim(ProtocolMapperModel mapper) {
        String type = mapper.getProtocolMapper();
        if (!MapperAllowlist.BUILT_IN.contains(type)) {
            return ANY;
        }
        String fixed = FIXED.get(type);
        if (fixed != null) {
            return fixed;
        }
        String claim = mapper.getConfig() == null ? null : mapper.getConfig().get(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME);
        if (claim == null || claim.isBlank() || claim.contains("${")) {
            return ANY; // a default name, or one with a placeholder (role mappers' ${client_id})
        }
        Optional<String> topLevel = TOP_LEVEL.get(claim);
        if (topLevel == null) {
            topLevel = Optional.ofNullable(ClaimPath.topLevel(claim));
            TOP_LEVEL.put(claim, topLevel);
        }
        return topLevel.orElse(ANY);
    }
}

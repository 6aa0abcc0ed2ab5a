package dev.claimschallenge.keycloak.internal;

import java.util.List;
import org.keycloak.utils.JsonUtils;

/**
 * The top-level claim a protocol mapper's {@code claim.name} writes, split the way Keycloak's
 * mappers split it ({@code a.b} is {@code b} inside {@code a}; {@code a\.b} is the claim
 * {@code a.b}). {@code JsonUtils} is in Keycloak's private SPI module: checked by
 * {@code ClaimPathTest}.
 */
public final class ClaimPath {

    private ClaimPath() {
    }

    /** The top-level claim name of {@code claimName}, or {@code null} for an empty one. */
    public static String topLevel(String claimName) {
        List<String> path = JsonUtils.splitClaimPath(claimName);
        return path.isEmpty() ? null : path.get(0);
    }
}

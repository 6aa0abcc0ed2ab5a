package dev.claimschallenge.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * What a token or session lacks against one {@link Requirement}: required claims missing or with
 * no acceptable value, the acceptable acr values when its acr ranks below all of them, the
 * {@code max_age} when its authentication is older or of unknown age.
 */
public record Shortfall(Requirement requirement, List<RequiredClaim> missingClaims, List<String> missingAcr, Integer missingMaxAge) {

    public Shortfall {
        missingClaims = List.copyOf(missingClaims);
        missingAcr = List.copyOf(missingAcr);
    }

    public static Shortfall none(Requirement requirement) {
        return new Shortfall(requirement, List.of(), List.of(), null);
    }

    public boolean satisfied() {
        return missingClaims.isEmpty() && missingAcr.isEmpty() && missingMaxAge == null;
    }

    public List<String> missingClaimNames() {
        return missingClaims.stream().map(RequiredClaim::name).toList();
    }

    /** Names of everything missing, {@code acr} and {@code max_age} included, for logs and answers. */
    public List<String> missingNames() {
        List<String> names = new ArrayList<>(missingClaimNames());
        if (!missingAcr.isEmpty()) {
            names.add(ClaimNames.ACR);
        }
        if (missingMaxAge != null) {
            names.add("max_age");
        }
        return names;
    }
}

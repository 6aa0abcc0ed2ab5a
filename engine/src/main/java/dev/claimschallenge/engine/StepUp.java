package dev.claimschallenge.engine;

import java.util.List;
import java.util.Optional;

/**
 * What the authorization endpoint steps up for, so that the first token already passes.
 *
 * @param acrValues acceptable acr values, most preferred first (empty: no acr step-up)
 * @param maxAge    the strictest {@code max_age}
 */
public record StepUp(List<String> acrValues, Optional<Integer> maxAge) {

    public StepUp {
        acrValues = List.copyOf(acrValues);
    }
}

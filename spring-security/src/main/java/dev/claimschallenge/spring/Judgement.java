package dev.claimschallenge.spring;

import java.util.List;

/**
 * What the judge says of a validated token, as evaluate answers it.
 *
 * @param missing         the policy's missing names, then the ids of unmet contexts
 * @param wwwAuthenticate the challenge to send with the 401, or {@code null} when nothing is missing
 */
public record Judgement(List<String> missing, String wwwAuthenticate) {

    public Judgement {
        missing = List.copyOf(missing);
    }

    public boolean satisfied() {
        return missing.isEmpty() && wwwAuthenticate == null;
    }
}

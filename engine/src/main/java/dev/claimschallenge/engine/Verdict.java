package dev.claimschallenge.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a resource server answers about an active token: the API's own requirement (its policy)
 * plus the authentication contexts the operation needs, each judged by {@link PolicyEngine}. This
 * is Keycloak's {@code evaluate} answer, and a resource-server library that judges locally builds
 * it with this same code, so that the two never disagree.
 *
 * <ul>
 * <li>A token of a client the requirement does not approve ({@code azp}/{@code client_id} values):
 * {@code invalid_token}, "{@value ApprovedClients#NOT_APPROVED}", without claims: no claims
 * request could make another client approved.</li>
 * <li>Unmet contexts: Entra's {@code insufficient_claims} whose claims request asks for them as
 * {@code acrs} (essential), with whatever the policy still misses.</li>
 * <li>Otherwise the policy's challenge ({@link ChallengeBuilder#forShortfall}).</li>
 * </ul>
 *
 * @param missing   the policy's missing names ({@link Shortfall#missingNames}), then the ids of unmet contexts
 * @param challenge the {@code WWW-Authenticate} value, or {@code null} when nothing is missing
 */
public record Verdict(List<String> missing, BearerChallenge challenge) {

    public Verdict {
        missing = List.copyOf(missing);
    }

    public boolean satisfied() {
        return missing.isEmpty();
    }

    /**
     * @param policy    the API's requirement, or {@code null} when it has none
     * @param contexts  the operation's authentication contexts by id, in the order to name them
     * @param facts     what is known of the token (its client, level and time as Keycloak decided them)
     * @param policyLoa the API client's acr-to-level map (the policy's acr values rank by it)
     * @param realmLoa  the realm's (contexts are realm-wide)
     */
    public static Verdict of(Requirement policy, Map<String, Requirement> contexts, Facts facts,
            Map<String, Integer> policyLoa, Map<String, Integer> realmLoa, ChallengeBuilder challenges) {
        Shortfall shortfall = policy == null ? null : PolicyEngine.judge(policy, facts.rankedBy(policyLoa));
        List<String> met = PolicyEngine.met(contexts, facts.rankedBy(realmLoa));
        List<String> unmet = contexts.keySet().stream().filter(id -> !met.contains(id)).toList();
        List<String> missing = new ArrayList<>(shortfall == null ? List.of() : shortfall.missingNames());
        missing.addAll(unmet);
        if (shortfall != null && shortfall.missingClaims().stream().map(RequiredClaim::name).anyMatch(ApprovedClients::names)) {
            return new Verdict(missing, challenges.invalidToken(ApprovedClients.NOT_APPROVED));
        }
        BearerChallenge challenge = !unmet.isEmpty() ? challenges.forContexts(unmet, shortfall)
                : shortfall == null ? null : challenges.forShortfall(shortfall);
        return new Verdict(missing, challenge);
    }
}

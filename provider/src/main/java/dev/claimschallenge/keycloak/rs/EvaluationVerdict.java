package dev.claimschallenge.keycloak.rs;

import dev.claimschallenge.keycloak.challenge.BearerChallenge;
import dev.claimschallenge.keycloak.challenge.ChallengeBuilder;
import dev.claimschallenge.keycloak.claims.RequestedClaim;
import dev.claimschallenge.keycloak.policy.ApprovedClients;
import dev.claimschallenge.keycloak.policy.AuthenticationContext;
import dev.claimschallenge.keycloak.policy.Facts;
import dev.claimschallenge.keycloak.policy.PolicyEngine;
import dev.claimschallenge.keycloak.policy.RequiredClaim;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import dev.claimschallenge.keycloak.policy.Shortfall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What evaluate answers about an active token: the caller's policy plus the authentication
 * contexts the operation needs ({@code context} parameters), each judged by {@link PolicyEngine}
 * from the token's claims and what Keycloak decided about it ({@code token/KeycloakFacts}: the
 * client it was issued to, the level and time Keycloak computed into it), not from its
 * {@code acrs} claim.
 *
 * <ul>
 * <li>A token of a client the policy does not approve ({@code azp}/{@code client_id} values):
 * {@code invalid_token}, "{@value ApprovedClients#NOT_APPROVED}", without claims: no claims
 * request could make another client approved.</li>
 * <li>Unmet contexts: Entra's {@code insufficient_claims} whose claims request asks for them as
 * {@code acrs} (essential), with whatever the policy still misses.</li>
 * <li>Otherwise the policy's challenge, as before contexts existed.</li>
 * </ul>
 *
 * @param missing   the policy's missing names, then the ids of unmet contexts
 * @param challenge the {@code WWW-Authenticate} value, or {@code null} when nothing is missing
 */
record EvaluationVerdict(List<String> missing, BearerChallenge challenge) {

    /**
     * @param policyLoa  the caller's ACR-to-LoA map (its policy's acr values rank by it)
     * @param realmLoa   the realm's (contexts are realm-wide)
     */
    static EvaluationVerdict of(RequiredClaimsPolicy policy, List<AuthenticationContext> contexts, Facts facts,
            Map<String, Integer> policyLoa, Map<String, Integer> realmLoa, ChallengeBuilder challenges) {
        Shortfall shortfall = policy == null ? null : PolicyEngine.judge(policy.requirement(), facts.rankedBy(policyLoa));
        Facts realmFacts = facts.rankedBy(realmLoa);
        List<String> unmet = contexts.stream().filter(context -> !PolicyEngine.judge(context.requirement(), realmFacts).satisfied())
                .map(AuthenticationContext::id).toList();
        List<String> missing = new ArrayList<>(shortfall == null ? List.of() : shortfall.missingNames());
        missing.addAll(unmet);
        if (shortfall != null && shortfall.missingClaims().stream().map(RequiredClaim::name).anyMatch(ApprovedClients::names)) {
            return new EvaluationVerdict(missing, challenges.invalidToken(ApprovedClients.NOT_APPROVED));
        }
        List<RequestedClaim> wanted = shortfall == null ? List.of()
                : shortfall.missingClaims().stream().map(RequiredClaim::asRequest).toList();
        List<String> missingAcr = shortfall == null ? List.of() : shortfall.missingAcr();
        Integer missingMaxAge = shortfall == null ? null : shortfall.missingMaxAge();
        BearerChallenge challenge = unmet.isEmpty() ? challenges.forMissing(wanted, missingAcr, missingMaxAge)
                : challenges.forContexts(unmet, wanted, missingAcr, missingMaxAge);
        return new EvaluationVerdict(List.copyOf(missing), challenge);
    }
}

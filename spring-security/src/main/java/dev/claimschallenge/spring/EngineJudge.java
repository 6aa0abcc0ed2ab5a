package dev.claimschallenge.spring;

import dev.claimschallenge.engine.ChallengeBuilder;
import dev.claimschallenge.engine.Facts;
import dev.claimschallenge.engine.RequiredClaim;
import dev.claimschallenge.engine.Requirement;
import dev.claimschallenge.engine.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's judgement, as evaluate makes it (the provider's {@code rs/ClaimsChallengeResource}):
 * the token's acr read back through the map of the client it was issued to ({@code azp}), the
 * policy ranked through the API client's map, contexts through the realm's. The only class of this
 * library that names engine types.
 */
final class EngineJudge implements TokenJudge {

    @Override
    public Judgement judge(PolicyDocument document, Map<String, Object> claims, List<String> contexts, long now) {
        Object azp = claims.get("azp");
        String client = azp == null ? null : azp.toString();
        Facts facts = Facts.ofToken(claims, client, document.namingMap(client), Map.of(), now);
        Map<String, Requirement> byId = new LinkedHashMap<>();
        contexts.forEach(id -> byId.put(id, requirement(id, document.contexts().get(id))));
        Requirement policy = document.policy() == null ? null
                : requirement((String) document.policy().get("client_id"), document.policy());
        Verdict verdict = Verdict.of(policy, byId, facts, document.acrLoaMap(), document.realmAcrLoaMap(), challenges(document));
        return new Judgement(verdict.missing(), verdict.challenge() == null ? null : verdict.challenge().toHeaderValue());
    }

    @Override
    public String invalidToken(PolicyDocument document) {
        return challenges(document).invalidToken().toHeaderValue();
    }

    private static ChallengeBuilder challenges(PolicyDocument document) {
        return new ChallengeBuilder(document.realm(), document.authorizationUri());
    }

    /** A policy's or a context's JSON ({@code required_claims}, {@code acr_values}, {@code max_age}) as the engine's requirement. */
    @SuppressWarnings("unchecked")
    static Requirement requirement(String source, Map<String, Object> json) {
        List<Map<String, Object>> claims = (List<Map<String, Object>>) json.getOrDefault("required_claims", List.of());
        return new Requirement(source, claims.stream().map(EngineJudge::requiredClaim).toList(),
                (List<String>) json.getOrDefault("acr_values", List.of()), (Integer) json.get("max_age"));
    }

    @SuppressWarnings("unchecked")
    private static RequiredClaim requiredClaim(Map<String, Object> json) {
        return new RequiredClaim((String) json.get("name"), (String) json.get("friendly_name"), (String) json.get("claim_type"),
                (List<String>) json.get("claim_token_format"), (List<String>) json.get("issuer"), (List<Object>) json.get("values"));
    }
}

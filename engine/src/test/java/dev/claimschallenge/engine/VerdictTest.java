package dev.claimschallenge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** evaluate's verdict: the policy plus the operation's contexts, from the token's facts; approved clients. */
class VerdictTest {

    static final long NOW = 1_000_000;
    static final Map<String, Integer> LOA = Map.of("silver", 1, "gold", 2);
    static final ChallengeBuilder CHALLENGES = new ChallengeBuilder("demo", "https://kc/auth");
    static final Requirement C1 = new Requirement("context c1", List.of(), List.of("gold"), 300);
    static final Requirement FINANCE = new Requirement("context finance", List.of(RequiredClaim.named("department", "finance")), List.of(), null);

    static Requirement policy(RequiredClaim... required) {
        return new Requirement("orders-api", List.of(required), List.of(), null);
    }

    static Map<String, Requirement> contexts(Requirement... contexts) {
        Map<String, Requirement> byId = new LinkedHashMap<>();
        for (Requirement context : contexts) {
            byId.put(context.source().substring("context ".length()), context);
        }
        return byId;
    }

    /** The token's own view of its facts (client from azp, level from acr): what a local judge sees. */
    static Verdict verdict(Requirement policy, Map<String, Requirement> contexts, Map<String, Object> claims) {
        return Verdict.of(policy, contexts, Facts.ofToken(claims, LOA, NOW), LOA, LOA, CHALLENGES);
    }

    @Test
    void aContextIsJudgedFromTheTokensFactsNotFromItsAcrs() {
        Map<String, Object> recentGold = Map.of("azp", "web", "acr", "gold", "auth_time", NOW - 10);
        assertEquals(List.of(), verdict(policy(), contexts(C1), recentGold).missing(), "met though the token has no acrs");
        assertNull(verdict(policy(), contexts(C1), recentGold).challenge());

        Map<String, Object> listedButStale = Map.of("azp", "web", "acr", "gold", "auth_time", NOW - 301, "acrs", List.of("c1"));
        assertEquals(List.of("c1"), verdict(policy(), contexts(C1), listedButStale).missing(), "acrs alone does not count");
    }

    @Test
    void unmetContextsAreChallengedAsEssentialAcrsWithWhatThePolicyMisses() {
        Map<String, Object> silver = Map.of("azp", "web", "acr", "silver", "auth_time", NOW - 10);
        Verdict verdict = verdict(policy(RequiredClaim.named("email_verified", true)), contexts(C1, FINANCE), silver);
        assertEquals(List.of("email_verified", "c1", "finance"), verdict.missing());
        String header = verdict.challenge().toHeaderValue();
        assertTrue(header.contains("error=\"insufficient_claims\", error_description=\"The operation needs authentication context c1 finance"
                + " and claims email_verified\""), header);
        assertEquals("{\"access_token\":{\"email_verified\":{\"essential\":true,\"value\":true},"
                + "\"acrs\":{\"essential\":true,\"values\":[\"c1\",\"finance\"]}}}", claims(header));

        Verdict one = verdict(policy(), contexts(C1), silver);
        assertEquals("{\"access_token\":{\"acrs\":{\"essential\":true,\"value\":\"c1\"}}}", claims(one.challenge().toHeaderValue()),
                "one context: Entra's own shape");
    }

    @Test
    void aTokenOfAClientTheApiDoesNotApproveIsAnInvalidTokenWithoutClaims() {
        Requirement approved = policy(RequiredClaim.named("client_id", "demo-spa"));
        Verdict other = verdict(approved, contexts(C1), Map.of("azp", "intruder", "acr", "silver"));
        String header = other.challenge().toHeaderValue();
        assertTrue(header.contains("error=\"invalid_token\", error_description=\"this client is not approved for the API\""), header);
        assertFalse(header.contains("claims="), header);

        assertEquals(List.of(), verdict(approved, Map.of(), Map.of("azp", "demo-spa")).missing(), "client_id is read from azp");
        Facts decided = new Facts(Map.of("azp", "demo-spa", "client_id", "demo-spa"), "intruder", 1, NOW, LOA, NOW);
        assertEquals(List.of("client_id"), Verdict.of(approved, Map.of(), decided, LOA, LOA, CHALLENGES).missing(),
                "the client Keycloak issued the token to decides, not a claim");
    }

    private static String claims(String header) {
        Matcher m = Pattern.compile("claims=\"([^\"]+)\"").matcher(header);
        assertTrue(m.find(), header);
        return new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
    }
}

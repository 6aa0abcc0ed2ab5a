package dev.claimschallenge.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The engine's judgement on a document as Keycloak writes it (the agreement with evaluate itself is the IT's). */
class EngineJudgeTest {

    private static final long NOW = 1_800_000_000L;
    @SuppressWarnings("unchecked")
    private static final PolicyDocument DOCUMENT = PolicyDocument.of(
            JsonMapper.builder().build().readValue(FakeKeycloak.document(FakeKeycloak.C1), Map.class));
    private static final String PREFIX = "Bearer realm=\"demo\", authorization_uri=\"http://kc/realms/demo/protocol/openid-connect/auth\"";

    private final TokenJudge judge = TokenJudges.engine();

    @Test
    void aMissingClaimIsChallengedWithItsClaimsRequest() {
        Judgement judgement = judge.judge(DOCUMENT, Map.of("azp", "web"), List.of(), NOW);

        assertEquals(List.of("email_verified"), judgement.missing());
        // the minified request, then spaces to a multiple of three bytes (engine's ChallengeBuilder.encode)
        String claims = Base64.getEncoder().encodeToString(
                "{\"access_token\":{\"email_verified\":{\"essential\":true,\"value\":true}}}  ".getBytes(StandardCharsets.UTF_8));
        assertEquals(PREFIX + ", error=\"insufficient_claims\", error_description=\"The access token lacks required claims: email_verified\", claims=\""
                + claims + "\"", judgement.wwwAuthenticate());
    }

    @Test
    void aContextIsMetByTheRealmsGoldRecentEnough() {
        Judgement judgement = judge.judge(DOCUMENT, Map.of("azp", "web", "email_verified", true, "acr", "gold", "auth_time", NOW - 10),
                List.of("c1"), NOW);

        assertEquals(List.of(), judgement.missing());
        assertNull(judgement.wwwAuthenticate());
    }

    @Test
    void aClientsOwnGoldIsReadThroughItsOwnMapAndFallsShort() {
        Judgement judgement = judge.judge(DOCUMENT, Map.of("azp", "relabel", "email_verified", true, "acr", "gold", "auth_time", NOW - 10),
                List.of("c1"), NOW);

        assertEquals(List.of("c1"), judgement.missing(), "relabel's gold is level 1, c1 wants the realm's gold (2)");
    }

    @Test
    void anInvalidTokenIsChallengedAsEvaluateChallengesAnInactiveOne() {
        assertEquals(PREFIX + ", error=\"invalid_token\", error_description=\"The access token is not active\"", judge.invalidToken(DOCUMENT));
    }
}

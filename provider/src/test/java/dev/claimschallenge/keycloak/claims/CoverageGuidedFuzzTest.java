package dev.claimschallenge.keycloak.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import dev.claimschallenge.engine.BearerChallenge;
import dev.claimschallenge.engine.ChallengeBuilder;
import dev.claimschallenge.engine.ClaimNames;
import dev.claimschallenge.engine.ClaimsRequest;
import dev.claimschallenge.engine.RequestedClaim;
import dev.claimschallenge.engine.RequiredClaim;
import dev.claimschallenge.engine.Requirement;
import dev.claimschallenge.engine.Shortfall;
import dev.claimschallenge.keycloak.policy.RequirementChecks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing with Jazzer. In {@code mvn verify} each target replays the inputs kept
 * in {@code src/test/resources/.../CoverageGuidedFuzzTestInputs/<target>/} (regression mode);
 * {@code mvn -Pfuzz test -pl provider} fuzzes each target for a minute (Jackson instrumented
 * too, see {@code junit-platform.properties}) and writes inputs that break one to
 * {@code provider/crash-*}: move them into that folder, so that they stay tests, and fix.
 * The properties are those of {@link ClaimsRequestFuzzTest}, which adds seeded random inputs.
 */
class CoverageGuidedFuzzTest {

    /** A claims parameter: a request or a {@link ClaimsRequestException}, and what parses writes back to itself. */
    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\u202e", "\\ud800", "null", "true", "false",
            "-1.5e300", "\"access_token\"", "\"id_token\"", "\"userinfo\"", "\"essential\"", "\"value\"", "\"values\"",
            "\"acr\"", "\"email\"", "\"xms_cc\"", "\"sub\""})
    void claimsParameter(FuzzedDataProvider data) throws ClaimsRequestException {
        String input = data.consumeRemainingAsString();
        ClaimsRequest parsed;
        try {
            parsed = ClaimsRequestParser.parse(input);
        } catch (ClaimsRequestException documented) {
            return;
        }
        assertEquals(parsed, ClaimsRequestParser.parse(ClaimsRequestParser.write(parsed)), input);
    }

    /**
     * Requirements a valid policy can hold (claim names as policy validation accepts them; string,
     * boolean and integer values; any acr an ACR-to-LoA map can hold; a max age in range): the
     * challenge parses with an independent parser (Nimbus) back to exactly those requirements.
     */
    @FuzzTest(maxDuration = "60s")
    void challengeHeader(FuzzedDataProvider data) throws Exception {
        List<RequiredClaim> claims = new ArrayList<>();
        for (int i = data.consumeInt(0, 3); i > 0; i--) {
            String name = data.consumeString(40);
            if (ClaimNames.problem(name) != null) {
                return; // policy validation refuses it: no policy can ask for it
            }
            List<Object> values = new ArrayList<>();
            for (int v = data.consumeInt(0, 2); v > 0; v--) {
                switch (data.consumeInt(0, 2)) {
                    case 0 -> values.add(data.consumeString(20));
                    case 1 -> values.add(data.consumeBoolean());
                    default -> values.add(data.consumeInt());
                }
            }
            claims.add(RequiredClaim.named(name, values.toArray()));
        }
        List<String> acr = new ArrayList<>();
        for (int i = data.consumeInt(0, 2); i > 0; i--) {
            String value = data.consumeString(20);
            if (RequirementChecks.acrProblem(value) != null) {
                return; // policy validation refuses it
            }
            acr.add(value);
        }
        Integer maxAge = data.consumeBoolean() ? data.consumeInt(0, RequirementChecks.MAX_MAX_AGE) : null;

        BearerChallenge challenge = new ChallengeBuilder("claims-demo", "http://localhost:8080/realms/claims-demo/protocol/openid-connect/auth")
                .forShortfall(new Shortfall(Requirement.acr("fuzz", List.of()), claims, acr, maxAge));
        if (challenge == null) {
            assertEquals(true, claims.isEmpty() && acr.isEmpty() && maxAge == null);
            return;
        }
        String header = challenge.toHeaderValue();
        BearerTokenError parsed = BearerTokenError.parse(header);
        String acrValues = ClaimsRequestFuzzTest.param(header, "acr_values");
        if (claims.isEmpty()) {
            assertEquals("insufficient_user_authentication", parsed.getCode(), header);
            assertEquals(acr, acrValues == null ? List.of() : Arrays.asList(acrValues.split(" ")), header);
        } else {
            assertEquals("insufficient_claims", parsed.getCode(), header);
            ClaimsRequest request = ClaimsRequestParser.parse(ClaimsRequestFuzzTest.decodedAlike(ClaimsRequestFuzzTest.param(header, "claims"), header));
            Map<String, RequestedClaim> expected = new LinkedHashMap<>();
            claims.forEach(c -> expected.put(c.name(), c.asRequest()));
            if (!acr.isEmpty()) {
                expected.put(ClaimsRequest.ACR, new RequestedClaim(ClaimsRequest.ACR, true, List.copyOf(acr)));
            }
            assertEquals(expected, request.accessToken(), header);
        }
        assertEquals(maxAge == null ? null : String.valueOf(maxAge), ClaimsRequestFuzzTest.param(header, "max_age"), header);
    }
}

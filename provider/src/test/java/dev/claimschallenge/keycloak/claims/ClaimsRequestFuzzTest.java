package dev.claimschallenge.keycloak.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import dev.claimschallenge.engine.BearerChallenge;
import dev.claimschallenge.engine.ChallengeBuilder;
import dev.claimschallenge.engine.ClaimsRequest;
import dev.claimschallenge.engine.RequestedClaim;
import dev.claimschallenge.engine.RequiredClaim;
import dev.claimschallenge.engine.Requirement;
import dev.claimschallenge.engine.Shortfall;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Seeded random inputs (repeatable: the seed is in the failure message): the parser only ever
 * answers with a request or a {@link ClaimsRequestException}, and every challenge the builder
 * makes parses back (Nimbus) to exactly the requirements it was built from.
 */
class ClaimsRequestFuzzTest {

    static final long SEED = Long.getLong("fuzz.seed", 20261124L);
    static final int RUNS = Integer.getInteger("fuzz.runs", 20_000);
    static final String[] PIECES = {"{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "false", "0", "-1.5e300",
            "\"access_token\"", "\"id_token\"", "\"userinfo\"", "\"essential\"", "\"value\"", "\"values\"", "\"acr\"",
            "\"email\"", "\"\\u0000\"", "\"\\u202E\"", "\"\\ud800\"", "é", "😀", " ", "\n", "\"a\"", "123456789012345678901234567890"};

    @Test
    void theParserOnlyAnswersWithARequestOrADocumentedError() {
        Random random = new Random(SEED);
        for (int run = 0; run < RUNS; run++) {
            String input = random.nextInt(4) == 0 ? mutate(validRequest(random), random) : noise(random);
            try {
                ClaimsRequest parsed = ClaimsRequestParser.parse(input);
                // whatever parses writes back to something that parses to the same request
                assertEquals(parsed, ClaimsRequestParser.parse(ClaimsRequestParser.write(parsed)), input);
            } catch (ClaimsRequestException expected) {
                // documented
            } catch (RuntimeException | StackOverflowError e) {
                fail("seed " + SEED + ", run " + run + ": " + e + " for input " + input);
            }
        }
    }

    @Test
    void everyChallengeParsesBackToItsRequirements() throws Exception {
        Random random = new Random(SEED);
        ChallengeBuilder builder = new ChallengeBuilder("claims-demo", "http://localhost:8080/realms/claims-demo/protocol/openid-connect/auth");
        for (int run = 0; run < 2_000; run++) {
            List<RequiredClaim> claims = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                claims.add(RequiredClaim.named("c" + random.nextInt(100) + "_é", random.nextBoolean() ? "v\"" + i : true));
            }
            List<String> acr = random.nextBoolean() ? List.of("gold", "silver").subList(0, 1 + random.nextInt(2)) : List.of();
            Integer maxAge = random.nextInt(3) == 0 ? random.nextInt(100_000) : null;
            BearerChallenge challenge = builder.forShortfall(new Shortfall(Requirement.acr("fuzz", List.of()), claims, acr, maxAge));
            if (challenge == null) {
                assertEquals(true, claims.isEmpty() && acr.isEmpty() && maxAge == null);
                continue;
            }
            String header = challenge.toHeaderValue();
            BearerTokenError parsed = BearerTokenError.parse(header);
            String context = "seed " + SEED + ", run " + run + ": " + header;
            if (claims.isEmpty()) {
                assertEquals("insufficient_user_authentication", parsed.getCode(), context);
                assertEquals(acr.isEmpty() ? null : String.join(" ", acr), param(header, "acr_values"), context);
            } else {
                assertEquals("insufficient_claims", parsed.getCode(), context);
                ClaimsRequest request = ClaimsRequestParser.parse(new String(Base64.getDecoder().decode(param(header, "claims")), StandardCharsets.UTF_8));
                Map<String, RequestedClaim> expected = new LinkedHashMap<>();
                claims.forEach(c -> expected.put(c.name(), c.asRequest()));
                if (!acr.isEmpty()) {
                    expected.put("acr", new RequestedClaim("acr", true, List.copyOf(acr)));
                }
                assertEquals(expected, request.accessToken(), context);
            }
            assertEquals(maxAge == null ? null : String.valueOf(maxAge), param(header, "max_age"), context);
        }
    }

    static String validRequest(Random random) {
        return "{\"access_token\":{\"email\":{\"essential\":" + random.nextBoolean() + ",\"values\":[\"a\",1,true]},\"acr\":null},"
                + "\"id_token\":{\"acr\":{\"value\":\"gold\"}}}";
    }

    static String mutate(String json, Random random) {
        StringBuilder out = new StringBuilder(json);
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            int at = random.nextInt(out.length());
            if (random.nextBoolean()) {
                out.deleteCharAt(at);
            } else {
                out.insert(at, PIECES[random.nextInt(PIECES.length)]);
            }
        }
        return out.toString();
    }

    private static String noise(Random random) {
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(40); i > 0; i--) {
            out.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return out.toString();
    }

    static String param(String header, String name) {
        Matcher m = Pattern.compile("(?:^|[ ,])" + name + "=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(header);
        return m.find() ? m.group(1).replaceAll("\\\\(.)", "$1") : null;
    }
}

package dev.claimschallenge.keycloak.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claimschallenge.engine.ClaimsRequest;
import dev.claimschallenge.engine.ClaimsRequestJson;
import dev.claimschallenge.engine.RequestedClaim;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

/**
 * The engine writes claims requests without a JSON library (it has none); a challenge's
 * {@code claims} value and a grant's stored request must not depend on that. So: byte for byte what
 * Keycloak's Jackson writes for the same request, over the fuzzer's parsed inputs and the value
 * types a policy or a request can hold.
 */
class ClaimsRequestJsonTest {

    @Test
    void everyParsedRequestIsWrittenAsJacksonWritesIt() {
        Random random = new Random(ClaimsRequestFuzzTest.SEED);
        int compared = 0;
        for (int run = 0; run < ClaimsRequestFuzzTest.RUNS; run++) {
            String input = ClaimsRequestFuzzTest.mutate(ClaimsRequestFuzzTest.validRequest(random), random);
            try {
                ClaimsRequest parsed = ClaimsRequestParser.parse(input);
                assertSame(jackson(parsed), ClaimsRequestJson.write(parsed), input);
                compared++;
            } catch (ClaimsRequestException refused) {
                // nothing to write
            }
        }
        assertEquals(true, compared > 1_000, "too few inputs parsed: " + compared);
    }

    @Test
    void valuesOfEveryTypeAndEveryEscapeAreWrittenAsJacksonWritesThem() {
        List<Object> values = List.of("plain", "quote\" backslash\\ slash/", "\u0000\u0001\u001f\b\f\n\r\t\u007f", "é😀\u2028\u202e",
                "\ud800 lone", 1, -7L, Long.MAX_VALUE, new BigInteger("123456789012345678901234567890"), 1.5, -0.0, 1e300,
                2.5e-7, 100.0, 1.0f, new BigDecimal("1.50"), new BigDecimal("1E+3"), true, false);
        Map<String, RequestedClaim> claims = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            claims.put("c" + i + values.get(i), new RequestedClaim("c" + i, i % 2 == 0, List.of(values.get(i))));
        }
        claims.put("many", new RequestedClaim("many", true, values));
        claims.put("any", new RequestedClaim("any", false, List.of()));
        claims.put("essential", new RequestedClaim("essential", true, List.of()));
        claims.put("valueOnly", new RequestedClaim("valueOnly", false, List.of("x")));
        ClaimsRequest request = ClaimsRequest.of(claims, Map.of("acr", new RequestedClaim("acr", true, List.of("gold"))),
                Map.of("email", new RequestedClaim("email", false, List.of())), true);

        assertSame(jackson(request), ClaimsRequestJson.write(request), "every type");
        assertEquals(jackson(ClaimsRequest.empty()), ClaimsRequestJson.write(ClaimsRequest.empty()));
    }

    /** Equal, or a message that shows where they part (the strings hold control characters). */
    private static void assertSame(String jackson, String engine, String input) {
        int at = 0;
        while (at < Math.min(jackson.length(), engine.length()) && jackson.charAt(at) == engine.charAt(at)) {
            at++;
        }
        if (at < Math.max(jackson.length(), engine.length())) {
            throw new AssertionError("differs at " + at + ": Jackson " + escaped(jackson.substring(at, Math.min(jackson.length(), at + 40)))
                    + ", engine " + escaped(engine.substring(at, Math.min(engine.length(), at + 40))) + " (input " + escaped(input) + ")");
        }
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }

    /** How the provider wrote requests with Jackson before the engine existed: a tree, so that {@code "email": null} stays. */
    static String jackson(ClaimsRequest request) {
        ObjectNode root = JsonSerialization.mapper.createObjectNode();
        member(root, ClaimsRequest.USERINFO, request.userinfo());
        member(root, ClaimsRequest.ID_TOKEN, request.idToken());
        member(root, ClaimsRequest.ACCESS_TOKEN, request.accessToken());
        return root.toString();
    }

    private static void member(ObjectNode root, String member, Map<String, RequestedClaim> claims) {
        if (claims.isEmpty()) {
            return;
        }
        ObjectNode entries = root.putObject(member);
        claims.forEach((name, claim) -> {
            if (!claim.essential() && !claim.hasAcceptableValues()) {
                entries.putNull(name);
                return;
            }
            ObjectNode entry = entries.putObject(name);
            if (claim.essential()) {
                entry.put("essential", true);
            }
            List<Object> values = claim.acceptableValues();
            if (values.size() == 1) {
                entry.set("value", JsonSerialization.mapper.valueToTree(values.get(0)));
            } else if (!values.isEmpty()) {
                entry.set("values", JsonSerialization.mapper.valueToTree(values));
            }
        });
    }
}

package dev.claimschallenge.keycloak.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.engine.ClaimsRequest;
import dev.claimschallenge.engine.RequestedClaim;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.ClaimsRepresentation;
import org.keycloak.util.JsonSerialization;

class ClaimsRequestParserTest {

    @Test
    void readsTheThreeMembersInOidcShape() throws Exception {
        ClaimsRequest request = ClaimsRequestParser.parse("""
                {"access_token":{"email_verified":{"essential":true,"value":true},
                                 "acr":{"essential":true,"values":["gold","silver"]},
                                 "email":null},
                 "id_token":{"auth_time":{"essential":true}},
                 "userinfo":{"name":null},
                 "something_else":{"ignored":true}}""");

        assertEquals(List.of("email_verified", "acr", "email"), List.copyOf(request.accessToken().keySet()));
        assertEquals(new RequestedClaim("email_verified", true, List.of(true)), request.accessToken().get("email_verified"));
        assertEquals(List.of("gold", "silver"), request.accessToken().get("acr").acceptableValues());
        assertFalse(request.accessToken().get("email").essential());
        assertTrue(request.idToken().get("auth_time").essential());
        assertTrue(request.userinfo().containsKey("name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void blankIsAnEmptyRequest(String raw) throws Exception {
        assertTrue(ClaimsRequestParser.parse(raw).isEmpty());
        assertTrue(ClaimsRequestParser.parse(null).isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{not json                                          | not valid JSON",
            "[1,2]                                              | must be a JSON object",
            "\"text\"                                           | must be a JSON object",
            "{\"access_token\":[]}                              | claims.access_token must be a JSON object",
            "{\"access_token\":{\"email\":true}}                | claims.access_token.email must be null or an object",
            "{\"access_token\":{\"email\":{\"essential\":\"yes\"}}} | claims.access_token.email.essential must be true or false",
            "{\"access_token\":{\"email\":{\"value\":{\"a\":1}}}}   | claims.access_token.email.value must be a string, number or boolean",
            "{\"access_token\":{\"email\":{\"values\":\"x\"}}}       | claims.access_token.email.values must be an array",
            "{\"access_token\":{\"email\":{\"values\":[[1]]}}}      | claims.access_token.email.values must be a string, number or boolean",
            "{\"access_token\":{\"\":null}}                     | claim name is empty",
            "{\"access_token\":{\"a\\u0000b\":null}}            | control character",
            "{\"access_token\":{\"acr\":{\"value\":\"gold\\r\\nX: y\"}}}  | an acr value has a control character",
            "{\"access_token\":{\"acr\":{\"values\":[\"a b\"]}}}    | an acr value has a control character, white space",
            "{\"access_token\":{\"acr\":{\"values\":[\"g\u00f6ld\"]}}}  | an acr value must be printable ASCII",
            "{\"access_token\":{\"auth_time\":{\"value\":1e400}}}     | claims.access_token.auth_time.value must be a finite number",
            "{\"access_token\":{\"email\":{\"values\":[\"a\",-1E+999]}}} | claims.access_token.email.values must be a finite number",
    })
    void refusesWhatIsNotAClaimsRequest(String raw, String message) {
        ClaimsRequestException e = assertThrows(ClaimsRequestException.class, () -> ClaimsRequestParser.parse(raw));
        assertTrue(e.getMessage().contains(message.trim()), e.getMessage());
    }

    @Test
    void unicodeNamesAreFineButInvisibleFormattingIsNot() throws Exception {
        assertTrue(ClaimsRequestParser.parse("{\"access_token\":{\"département\":null,\"名前\":null,\"\uD83D\uDE00\":null}}")
                .accessToken().containsKey("département"));
        for (String name : new String[] {"admin\u202Emoc", "a\u200Bb", "x\uD800", "\uDC00y"}) {
            String json = "{\"access_token\":{\"" + name + "\":null}}";
            ClaimsRequestException e = assertThrows(ClaimsRequestException.class, () -> ClaimsRequestParser.parse(json), name);
            assertTrue(e.getMessage().contains("invisible formatting character or a broken surrogate"), e.getMessage());
        }
    }

    @Test
    void refusesMoreThan8KiB() {
        String big = "{\"access_token\":{\"x\":{\"value\":\"" + "a".repeat(ClaimsRequestParser.MAX_BYTES) + "\"}}}";
        ClaimsRequestException e = assertThrows(ClaimsRequestException.class, () -> ClaimsRequestParser.parse(big));
        assertTrue(e.getMessage().contains("larger than 8192 bytes"), e.getMessage());
    }

    @Test
    void refusesMoreThan64Claims() {
        StringBuilder json = new StringBuilder("{\"access_token\":{");
        for (int i = 0; i <= ClaimsRequestParser.MAX_CLAIMS; i++) {
            json.append(i == 0 ? "" : ",").append("\"c").append(i).append("\":null");
        }
        json.append("}}");
        ClaimsRequestException e = assertThrows(ClaimsRequestException.class, () -> ClaimsRequestParser.parse(json.toString()));
        assertTrue(e.getMessage().contains("more than 64 claims"), e.getMessage());
    }

    @Test
    void largeButFiniteNumbersStayAndNonFiniteOnesInKeycloaksMembersAreLeftOut() throws Exception {
        ClaimsRequest request = ClaimsRequestParser.parse(
                "{\"access_token\":{\"n\":{\"values\":[1.5e300,123456789012345678901234567890]}},\"id_token\":{\"n\":{\"value\":1e400}}}");

        assertEquals(2, request.accessToken().get("n").acceptableValues().size());
        assertEquals(request, ClaimsRequestParser.parse(ClaimsRequestParser.write(request)));
        // id_token is Keycloak's: never refused here, and this view of it keeps no infinity
        assertEquals(List.of(), request.idToken().get("n").acceptableValues());
    }

    @Test
    void aGrantMayNotAccumulateMoreThanOneClaimsRequestHolds() throws Exception {
        StringBuilder json = new StringBuilder("{\"access_token\":{");
        for (int i = 0; i < 64; i++) {
            json.append(i == 0 ? "" : ",").append("\"c").append(i).append("\":null");
        }
        ClaimsRequest full = ClaimsRequestParser.parse(json.append("}}").toString());
        ClaimsRequestParser.checkLimits(full);

        ClaimsRequest more = full.withAccessTokenClaimsOf(ClaimsRequestParser.parse("{\"access_token\":{\"one_more\":null}}"));
        ClaimsRequestException e = assertThrows(ClaimsRequestException.class, () -> ClaimsRequestParser.checkLimits(more));
        assertTrue(e.getMessage().contains("more than 64 claims"), e.getMessage());

        String big = "{\"access_token\":{\"a\":{\"value\":\"" + "x".repeat(5000) + "\"},\"b\":{\"value\":\"" + "y".repeat(5000) + "\"}}}";
        ClaimsRequest large = ClaimsRequest.ofAccessTokenClaims(java.util.Map.of(
                "a", new RequestedClaim("a", false, List.of("x".repeat(5000))), "b", new RequestedClaim("b", false, List.of("y".repeat(5000)))));
        e = assertThrows(ClaimsRequestException.class, () -> ClaimsRequestParser.checkLimits(large));
        assertTrue(e.getMessage().contains("larger than 8192 bytes"), e.getMessage());
        assertThrows(ClaimsRequestException.class, () -> ClaimsRequestParser.parse(big), "one request of that size is refused too");
    }

    @Test
    void refusesDeepNestingWithoutStackOverflow() {
        String deep = "{\"access_token\":{\"x\":{\"value\":" + "[".repeat(3000) + "]".repeat(3000) + "}}}";
        assertThrows(ClaimsRequestException.class, () -> ClaimsRequestParser.parse(deep));
    }

    @Test
    void keycloakGetsItsOwnMembersAndAnEssentialAccessTokenAcrForStepUp() throws Exception {
        ClaimsRequest request = ClaimsRequestParser.parse("""
                {"access_token":{"acr":{"essential":true,"values":["gold"]},"email":null},
                 "userinfo":{"name":null}}""");

        String forKeycloak = ClaimsRequestParser.write(request.forKeycloak());

        // Keycloak's own representation (which fails on unknown members) must read it
        ClaimsRepresentation keycloakView = JsonSerialization.readValue(forKeycloak, ClaimsRepresentation.class);
        assertTrue(keycloakView.getClaimValue("acr", ClaimsRepresentation.ClaimContext.ID_TOKEN, String.class).isEssential());
        assertEquals("gold", keycloakView.getClaimValue("acr", ClaimsRepresentation.ClaimContext.ID_TOKEN, String.class).getValue());
        assertTrue(keycloakView.isPresent("name", ClaimsRepresentation.ClaimContext.USERINFO));
    }

    @Test
    void anAccessTokenMemberIsNoticedEvenWhenEmpty() throws Exception {
        assertTrue(ClaimsRequestParser.parse("{\"access_token\":{},\"id_token\":{\"acr\":null}}").hadForeignMembers());
        assertTrue(ClaimsRequestParser.parse("{\"access_token\":null}").hadForeignMembers());
        assertFalse(ClaimsRequestParser.parse("{\"vp_token\":{}}").hadForeignMembers());
        assertFalse(ClaimsRequestParser.parse("{\"id_token\":{\"acr\":null},\"userinfo\":{}}").hadForeignMembers());
        assertFalse(ClaimsRequestParser.parse("{\"access_token\":{}}").forKeycloak().hadForeignMembers());
    }

    @Test
    void theClientsOwnIdTokenAcrIsNotOverridden() throws Exception {
        ClaimsRequest request = ClaimsRequestParser.parse("""
                {"access_token":{"acr":{"essential":true,"value":"gold"}},
                 "id_token":{"acr":{"essential":true,"value":"silver"}}}""");
        assertEquals(List.of("silver"), request.forKeycloak().idToken().get("acr").acceptableValues());
    }

    @Test
    void writeThenParseGivesTheSameRequest() throws Exception {
        ClaimsRequest request = ClaimsRequestParser.parse("""
                {"access_token":{"n":{"values":[1,2.5,"x",false]},"e":{"essential":true},"plain":null}}""");
        String written = ClaimsRequestParser.write(request);
        assertEquals(request, ClaimsRequestParser.parse(written));
        assertTrue(written.contains("\"plain\":null"), "a null entry stays in the JSON: " + written);
    }

    @Test
    void membersAClaimEntryDoesNotDefineAreIgnoredInEveryMember() throws Exception {
        ClaimsRequest request = ClaimsRequestParser.parse("""
                {"access_token":{"email":{"essential":true,"purpose":"to send receipts","x":[{}]}},
                 "id_token":{"email":{"essential":true,"purpose":"to send receipts"}},
                 "userinfo":{"name":{"purpose":"x"}}}""");

        assertEquals(new RequestedClaim("email", true, List.of()), request.accessToken().get("email"));
        assertEquals(new RequestedClaim("email", true, List.of()), request.idToken().get("email"));
        assertTrue(request.userinfo().containsKey("name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"id_token\":{\"acr\":{\"essential\":1}}}",
            "{\"id_token\":{\"email\":{\"essential\":\"yes\"}}}",
            "{\"id_token\":{\"email\":true,\"bad name\":null},\"userinfo\":[]}",
            "{\"id_token\":\"email\",\"vp_token\":{\"x\":1}}",
            "{\"userinfo\":{\"x\":{\"value\":{\"deep\":[1]},\"values\":\"y\"}}}"})
    void idTokenAndUserinfoAreKeycloaksAndNeverRefused(String raw) throws Exception {
        ClaimsRequest request = ClaimsRequestParser.parse(raw);
        assertFalse(request.hadForeignMembers(), "without access_token Keycloak gets it as sent");
        assertTrue(request.accessToken().isEmpty());
    }

    @Test
    void idTokenEntriesAreReadWithKeycloaksCoercions() throws Exception {
        ClaimsRequest request = ClaimsRequestParser.parse("{\"id_token\":{\"acr\":{\"essential\":\"true\",\"values\":[\"gold\"]}}}");
        assertEquals(new RequestedClaim("acr", true, List.of("gold")), request.idToken().get("acr"));
        assertTrue(request.hasEssentialAcr());
    }

    @Test
    void keycloakGetsIdTokenAndUserinfoAsSentLessWhatItCannotRead() throws Exception {
        String sent = """
                {"access_token":{"acr":{"essential":true,"values":["gold"]}},
                 "id_token":{"email":{"essential":true,"purpose":"receipts"},"odd":{"values":"x"},"given_name":{"value":{"a":1}}},
                 "userinfo":{"name":null},"vp_token":{}}""";
        ClaimsRequest request = ClaimsRequestParser.parse(sent);

        String forKeycloak = ClaimsRequestParser.forKeycloak(sent, request.forKeycloak());

        assertEquals("{\"userinfo\":{\"name\":null},\"id_token\":{\"email\":{\"essential\":true},"
                + "\"given_name\":{\"value\":{\"a\":1}},\"acr\":{\"essential\":true,\"value\":\"gold\"}}}", forKeycloak);
        ClaimsRepresentation keycloakView = JsonSerialization.readValue(forKeycloak, ClaimsRepresentation.class);
        assertTrue(keycloakView.getClaimValue("acr", ClaimsRepresentation.ClaimContext.ID_TOKEN, String.class).isEssential());
        assertEquals(null, ClaimsRequestParser.forKeycloak("{\"access_token\":{\"email\":null}}",
                ClaimsRequestParser.parse("{\"access_token\":{\"email\":null}}").forKeycloak()));
    }

    @Test
    void withoutAnAccessTokenMemberThereIsNoSizeLimit() throws Exception {
        String big = "{\"id_token\":{\"x\":{\"value\":\"" + "a".repeat(ClaimsRequestParser.MAX_BYTES) + "\"}}}";
        assertTrue(ClaimsRequestParser.parse(big).idToken().containsKey("x"));
    }

    @Test
    void messagesStayInsideTheErrorDescriptionCharacterSet() {
        ClaimsRequestException e = assertThrows(ClaimsRequestException.class,
                () -> ClaimsRequestParser.parse("{\"access_token\":{\"dépt\":true}}"));
        assertEquals("claims.access_token.d?pt must be null or an object with essential, value or values", e.getMessage());
    }

    @Test
    void addingAccessTokenClaimsKeepsBothAndTheNewerWinsWhatever() throws Exception {
        ClaimsRequest older = ClaimsRequestParser.parse("{\"access_token\":{\"email\":null,\"acr\":{\"values\":[\"1\"]}},"
                + "\"id_token\":{\"name\":null}}");
        ClaimsRequest newer = ClaimsRequestParser.parse("{\"access_token\":{\"acr\":{\"values\":[\"2\"]},\"c1\":null}}");
        ClaimsRequest empty = ClaimsRequest.empty();

        ClaimsRequest merged = older.withAccessTokenClaimsOf(newer);
        assertEquals(List.of("email", "acr", "c1"), List.copyOf(merged.accessToken().keySet()));
        assertEquals(List.of("2"), merged.accessToken().get("acr").acceptableValues());
        assertEquals(older.idToken(), merged.idToken());
        // with an empty side (the fast paths most tokens take): the other side's claims, unchanged
        assertEquals(older.accessToken(), older.withAccessTokenClaimsOf(empty).accessToken());
        assertEquals(older.idToken(), older.withAccessTokenClaimsOf(empty).idToken());
        assertEquals(newer.accessToken(), empty.withAccessTokenClaimsOf(newer).accessToken());
        assertTrue(empty.withAccessTokenClaimsOf(newer).idToken().isEmpty());
        assertTrue(empty.withAccessTokenClaimsOf(empty).isEmpty());
        // never a member of the newer request other than access_token
        ClaimsRequest idOnly = ClaimsRequestParser.parse("{\"id_token\":{\"name\":null},\"access_token\":{\"c1\":null}}");
        assertTrue(empty.withAccessTokenClaimsOf(idOnly).idToken().isEmpty());
        assertEquals(List.of("c1"), List.copyOf(empty.withAccessTokenClaimsOf(idOnly).accessToken().keySet()));
        // a merge had an access_token member when either side had one
        assertTrue(older.withAccessTokenClaimsOf(empty).hadForeignMembers());
        assertTrue(empty.withAccessTokenClaimsOf(newer).hadForeignMembers());
        assertTrue(ClaimsRequestParser.parse("{\"id_token\":{\"name\":null}}").withAccessTokenClaimsOf(
                ClaimsRequestParser.parse("{\"access_token\":{}}")).hadForeignMembers());
        assertFalse(empty.withAccessTokenClaimsOf(empty).hadForeignMembers());
    }
}

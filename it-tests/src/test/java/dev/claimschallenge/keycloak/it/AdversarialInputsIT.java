package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of bad inputs, one row each, across the authorization endpoint, the token
 * endpoint, the resource-server endpoints and the admin API: each gets its documented status and
 * OAuth error, never a 5xx, and Keycloak keeps serving afterwards.
 */
@ExtendWith(KeycloakExtension.class)
class AdversarialInputsIT {

    /** What came back: HTTP status (302 redirects report the error of the redirect) and OAuth error. */
    record Outcome(int status, String error) {
    }

    record Case(String name, Function<KeycloakServer, Outcome> call, int status, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Outcome authorize(KeycloakServer server, String claims) {
        Map<String, String> callback = OidcClient.spa(server).authorize(new Browser(), Map.of("claims", claims)).callbackParameters();
        return new Outcome(302, callback.get("error"));
    }

    static Outcome refresh(KeycloakServer server, String claims) {
        OidcClient spa = OidcClient.spa(server);
        Tokens tokens = spa.login("alice", "alice-password", Map.of());
        Tokens refreshed = spa.refresh(tokens.refreshTokenJwt(), Map.of("claims", claims));
        return new Outcome(refreshed.status(), refreshed.error());
    }

    static Outcome token(Tokens answer) {
        return new Outcome(answer.status(), answer.error());
    }

    static Outcome evaluate(KeycloakServer server, OidcClient caller, String token) {
        Tokens answer = caller.postJson("/claims-challenge/evaluate", token == null ? Map.of() : Map.of("token", token));
        String error = answer.error() != null ? answer.error() : Boolean.FALSE.equals(answer.json().get("active")) ? "inactive" : "active";
        return new Outcome(answer.status(), error);
    }

    static Outcome policy(KeycloakServer server, String json) {
        HttpResponse<String> response = new AdminApi(server).send("POST", "/realms/claims-demo/claims-challenge-policies", json);
        Object error = response.statusCode() == 201 ? null : AdminApi.read(response.body(), Map.class).get("error");
        return new Outcome(response.statusCode(), (String) error);
    }

    static OidcClient api(KeycloakServer server) {
        return new OidcClient(server, "demo-api", "demo-api-secret", null);
    }

    static Stream<Case> catalogue() {
        List<Case> cases = new ArrayList<>();
        String deep = "{\"access_token\":{\"x\":{\"value\":" + "[".repeat(5000) + "]".repeat(5000) + "}}}";
        // authorization endpoint: claims parameter
        for (String[] row : new String[][] {
                {"not JSON", "{\"access_token\":"},
                {"JSON array", "[]"},
                {"JSON string", "\"claims\""},
                {"JSON number", "42"},
                {"member not an object", "{\"access_token\":[1]}"},
                {"claim is a number", "{\"access_token\":{\"email\":7}}"},
                {"essential not boolean", "{\"access_token\":{\"email\":{\"essential\":\"true\"}}}"},
                {"value is an object", "{\"access_token\":{\"email\":{\"value\":{}}}}"},
                {"values not an array", "{\"access_token\":{\"email\":{\"values\":true}}}"},
                {"too many values", "{\"access_token\":{\"email\":{\"values\":[" + "1,".repeat(70) + "1]}}}"},
                {"CRLF in a requested acr", "{\"access_token\":{\"acr\":{\"essential\":true,\"value\":\"gold\\r\\nX-Injected: 1\"}}}"},
                {"quote in a requested acr", "{\"access_token\":{\"acr\":{\"essential\":true,\"value\":\"x\\\"y\"}}}"},
                {"non-ASCII requested acr", "{\"access_token\":{\"acr\":{\"essential\":true,\"values\":[\"g\u00f6ld\u2713\"]}}}"},
                {"deeply nested", deep.substring(0, Math.min(deep.length(), 3900))},
                {"CRLF header injection in a name", "{\"access_token\":{\"a\\r\\nSet-Cookie: x=1\":null}}"},
                {"NUL in a name", "{\"access_token\":{\"a\\u0000\":null}}"},
                {"right-to-left override in a name", "{\"access_token\":{\"admin\\u202Emoc\":null}}"},
                {"quote in a name", "{\"access_token\":{\"a\\\"b\":null}}"},
                {"over Keycloak's 4000 characters", "{\"access_token\":{\"x\":{\"value\":\"" + "é".repeat(4100) + "\"}}}"},
                {"over 64 claims", "{\"access_token\":{" + String.join(",", java.util.stream.IntStream.range(0, 70)
                        .mapToObj(i -> "\"c" + i + "\":null").toList()) + "}}"},
        }) {
            cases.add(new Case("authorize: " + row[0], s -> authorize(s, row[1]), 302, "invalid_request"));
        }
        cases.add(new Case("authorize: unknown essential acr", s -> authorize(s, "{\"access_token\":{\"acr\":{\"essential\":true,\"value\":\"platinum\"}}}"),
                302, "unmet_authentication_requirements"));
        // token endpoint
        cases.add(new Case("refresh: malformed claims", s -> refresh(s, "{\"access_token\":5}"), 400, "invalid_request"));
        cases.add(new Case("refresh: claims over 8 KiB", s -> refresh(s, "{\"access_token\":{\"x\":{\"value\":\"" + "a".repeat(9000) + "\"}}}"),
                400, "invalid_request"));
        cases.add(new Case("refresh: acr above the session", s -> refresh(s, "{\"access_token\":{\"acr\":{\"essential\":true,\"value\":\"gold\"}}}"),
                400, "invalid_grant"));
        cases.add(new Case("refresh: forged refresh token", s -> token(OidcClient.spa(s).refresh(
                "eyJhbGciOiJIUzUxMiJ9.eyJjbGFpbXNfY2hhbGxlbmdlIjoie30ifQ.AAAA", Map.of("claims", "{}"))), 400, "invalid_grant"));
        cases.add(new Case("token: wrong client secret", s -> token(new OidcClient(s, "demo-web", "not-the-secret", null)
                .refresh("x", Map.of())), 401, "unauthorized_client"));
        // resource-server endpoints
        cases.add(new Case("evaluate: no token parameter", s -> evaluate(s, api(s), null), 400, "invalid_request"));
        cases.add(new Case("evaluate: garbage token", s -> evaluate(s, api(s), "not-a-jwt"), 200, "inactive"));
        cases.add(new Case("evaluate: forged signature", s -> evaluate(s, api(s),
                "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4Iiwic3ViIjoiYWRtaW4ifQ.c2lnbmF0dXJl"), 200, "inactive"));
        cases.add(new Case("evaluate: CRLF in the token", s -> evaluate(s, api(s), "a\r\nX-Injected: 1"), 200, "inactive"));
        cases.add(new Case("evaluate: 100 KB token", s -> evaluate(s, api(s), "a".repeat(100_000)), 200, "inactive"));
        cases.add(new Case("evaluate: a refresh token", s -> evaluate(s, api(s),
                OidcClient.spa(s).login("alice", "alice-password", Map.of()).refreshTokenJwt()), 200, "inactive"));
        cases.add(new Case("evaluate: wrong secret", s -> evaluate(s, new OidcClient(s, "demo-api", "wrong", null), "x"), 401, "invalid_client"));
        cases.add(new Case("evaluate: public client", s -> evaluate(s, OidcClient.spa(s), "x"), 401, "invalid_client"));
        cases.add(new Case("evaluate: unknown client", s -> evaluate(s, new OidcClient(s, "nobody", "x", null), "x"), 401, "invalid_client"));
        cases.add(new Case("policy: anonymous", s -> {
            HttpResponse<String> r = new Browser().get(URI.create(s.realmUrl() + "/claims-challenge/policy"));
            return new Outcome(r.statusCode(), (String) AdminApi.read(r.body(), Map.class).get("error"));
        }, 401, "invalid_client"));
        // admin API
        for (String[] row : new String[][] {
                {"empty body", ""},
                {"not JSON", "{\"client_id\""},
                {"unknown member", "{\"client_id\":\"demo-web\",\"admin\":true}"},
                {"client_id not a string", "{\"client_id\":[\"demo-web\"]}"},
                {"mode unknown", "{\"client_id\":\"demo-web\",\"mode\":\"off\"}"},
                {"max_age huge", "{\"client_id\":\"demo-web\",\"max_age\":999999999}"},
                {"claim name with CRLF", "{\"client_id\":\"demo-web\",\"required_claims\":[{\"name\":\"a\\r\\nb\"}]}"},
                {"claim name with bidi override", "{\"client_id\":\"demo-web\",\"required_claims\":[{\"name\":\"a\\u202Eb\"}]}"},
                {"values nested", "{\"client_id\":\"demo-web\",\"required_claims\":[{\"name\":\"a\",\"values\":[[1]]}]}"},
                {"acr unknown", "{\"client_id\":\"demo-web\",\"acr_values\":[\"platinum\"]}"},
                {"too many claims", "{\"client_id\":\"demo-web\",\"requestable_claims\":[" + String.join(",",
                        java.util.stream.IntStream.range(0, 70).mapToObj(i -> "\"c" + i + "\"").toList()) + "]}"},
        }) {
            cases.add(new Case("admin API: " + row[0], s -> policy(s, row[1]), 400, "invalid_request"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void eachBadInputGetsItsDocumentedAnswer(Case input, KeycloakServer server) {
        Outcome outcome = input.call().apply(server);
        assertTrue(outcome.status() < 500, input + ": " + outcome);
        assertEquals(input.status(), outcome.status(), input + ": " + outcome);
        assertEquals(input.error(), outcome.error(), input + ": " + outcome);
    }

    /**
     * Issue 15, finding 9: a requested acr value never comes back verbatim in the redirect's
     * error_description, which RFC 6749 limits to %x20-21 / %x23-5B / %x5D-7E.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"gold\r\nX-Injected: 1", "<img src=x onerror=alert(1)>",
            "<b>gold</b>", "g\u00f6ld\u2713", "\u202egold"})
    void aRequestedAcrNeverComesBackVerbatimInTheErrorDescription(String acr, KeycloakServer server) {
        String claims = "{\"access_token\":{\"acr\":{\"essential\":true,\"value\":"
                + org.keycloak.util.JsonSerialization.mapper.valueToTree(acr) + "}}}";
        Map<String, String> callback = OidcClient.spa(server).authorize(new Browser(), Map.of("claims", claims)).callbackParameters();

        assertTrue(List.of("invalid_request", "unmet_authentication_requirements").contains(callback.get("error")), callback.toString());
        String description = callback.get("error_description");
        assertTrue(description.matches("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]+"), "outside RFC 6749's set: " + description);
        assertTrue(!description.contains(acr) && !description.contains("<"), description);
    }

    @AfterAll
    static void keycloakStillServes(KeycloakServer server) {
        assertTrue(catalogue().count() >= 40, "the catalogue has at least 40 bad inputs");
        assertEquals(200, OidcClient.spa(server).login("alice", "alice-password", Map.of()).status());
    }
}

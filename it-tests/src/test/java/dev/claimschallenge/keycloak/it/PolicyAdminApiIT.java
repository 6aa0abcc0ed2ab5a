package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.DistributionKeycloak;
import dev.claimschallenge.keycloak.it.support.ItConfig;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The admin REST API for required-claims policies: CRUD, validation, permissions, export and import. */
@ExtendWith(KeycloakExtension.class)
class PolicyAdminApiIT {

    static final String POLICIES = "/realms/claims-demo/claims-challenge-policies";

    static String policy(String clientId, String mode) {
        return """
                {"client_id":"%s","mode":"%s",
                 "required_claims":[{"name":"email_verified","friendly_name":"Verified e-mail","values":[true]}],
                 "acr_values":["gold"],"max_age":300,"requestable_claims":["department"]}""".formatted(clientId, mode);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theExampleRealmImportCreatedItsPolicyForDemoApi(KeycloakServer server) {
        Map<String, Object> demoApi = List.of(new AdminApi(server).get(POLICIES, Map[].class)).stream()
                .map(p -> (Map<String, Object>) p).filter(p -> "demo-api".equals(p.get("client_id"))).findFirst()
                .orElseThrow(() -> new AssertionError("the example realm's policy for demo-api is missing"));
        assertEquals("advertise", demoApi.get("mode"));
        assertEquals(List.of("gold"), demoApi.get("acr_values"));
        assertEquals(3600, demoApi.get("max_age"));
        assertEquals("email_verified", ((List<Map<String, Object>>) demoApi.get("required_claims")).get(0).get("name"));
    }

    @Test
    void createReadReplaceDelete(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String clientId = admin.createSpaLikeClient("crud-" + System.nanoTime(), Map.of());

        HttpResponse<String> created = admin.send("POST", POLICIES, policy(clientId, "advertise"));
        assertEquals(201, created.statusCode(), created.body());
        Map<?, ?> body = AdminApi.read(created.body(), Map.class);
        String id = (String) body.get("id");
        assertTrue(created.headers().firstValue("Location").orElseThrow().endsWith("/claims-challenge-policies/" + id));

        Map<?, ?> read = admin.get(POLICIES + "/" + id, Map.class);
        assertEquals(clientId, read.get("client_id"));
        assertEquals(List.of(Map.of("name", "email_verified", "friendly_name", "Verified e-mail", "values", List.of(true))),
                read.get("required_claims"));
        assertEquals(List.of("gold"), read.get("acr_values"));
        assertEquals(300, read.get("max_age"));
        assertTrue(List.of(admin.get(POLICIES, Map[].class)).stream().anyMatch(p -> id.equals(p.get("id"))));

        HttpResponse<String> replaced = admin.send("PUT", POLICIES + "/" + id, policy(clientId, "enforce"));
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertEquals("enforce", admin.get(POLICIES + "/" + id, Map.class).get("mode"));

        assertEquals(204, admin.send("DELETE", POLICIES + "/" + id, null).statusCode());
        assertEquals(404, admin.send("GET", POLICIES + "/" + id, null).statusCode());
        assertEquals(404, admin.send("DELETE", POLICIES + "/" + id, null).statusCode());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("{\"client_id\":\"no-such-client\"}", "Client (client_id): unknown client \"no-such-client\""),
                Arguments.of("{\"client_id\":", "Invalid policy JSON"),
                Arguments.of("[1,2]", "Invalid policy JSON"),
                Arguments.of("{\"client_id\":\"demo-api\",\"colour\":\"red\"}", "Unknown policy field \"colour\"; a policy has client_id, mode"),
                Arguments.of("{\"client_id\":\"demo-api\",\"mode\":\"strict\"}", "Mode (mode): must be advertise, satisfy or enforce, not \"strict\""),
                Arguments.of("{\"client_id\":\"demo-api\",\"mode\":1}", "Mode (mode): must be a string: advertise, satisfy or enforce, not the number 1"),
                Arguments.of("{\"client_id\":\"demo-api\",\"max_age\":-5}", "Max age (seconds) (max_age): must be between 0"),
                Arguments.of("{\"client_id\":\"demo-api\",\"max_age\":\"soon\"}", "Max age (seconds) (max_age): must be a whole number of seconds, e.g. 300, not the text \"soon\""),
                Arguments.of("{\"client_id\":\"demo-api\",\"max_age\":1.5}", "Max age (seconds) (max_age): must be a whole number"),
                Arguments.of("{\"client_id\":\"demo-api\",\"acr_values\":[\"platinum\"]}", "are not in the ACR-to-LoA mapping"),
                // found by CoverageGuidedFuzzTest: acr_values="a b" cannot carry an acr with a space
                Arguments.of("{\"client_id\":\"demo-api\",\"acr_values\":[\"gold silver\"]}", "an acr value has a control character, white space"),
                Arguments.of("{\"client_id\":\"demo-api\",\"required_claims\":[{\"name\":\"bad name\"}]}", "white space"),
                Arguments.of("{\"client_id\":\"demo-api\",\"required_claims\":[{\"friendly_name\":\"x\"}]}", "a claim name is empty"),
                Arguments.of("{\"client_id\":\"demo-api\",\"required_claims\":[{\"name\":\"x\",\"values\":[{\"a\":1}]}]}", "values must be an array of acceptable values (strings, numbers or booleans)"),
                Arguments.of("{\"client_id\":\"demo-api\",\"requestable_claims\":[\"\"]}", "a claim name is empty"),
                Arguments.of("{}", "Client (client_id): choose the client"),
                Arguments.of("{\"client_id\":[\"demo-api\"]}", "Client (client_id): must be a string"),
                // wrong types name the field and the fix, never a Java type (issue 14)
                Arguments.of("{\"client_id\":\"demo-api\",\"required_claims\":\"tos_version\"}",
                        "Required claims (required_claims): must be a JSON array of claims, each an object with \"name\""),
                Arguments.of("{\"client_id\":\"demo-api\",\"required_claims\":[null]}", "Required claims (required_claims): entry 1 must be an object"),
                Arguments.of("{\"client_id\":\"demo-api\",\"required_claims\":[\"tos_version\"]}", "entry 1 must be an object with \"name\""),
                Arguments.of("{\"client_id\":\"demo-api\",\"required_claims\":[{\"name\":42}]}", "entry 1 name must be a string"),
                Arguments.of("{\"client_id\":\"demo-api\",\"required_claims\":[{\"name\":\"x\",\"values\":\"y\"}]}", "entry 1 values must be an array"),
                Arguments.of("{\"client_id\":\"demo-api\",\"required_claims\":[{\"name\":\"x\",\"values\":[null]}]}", "found null"),
                Arguments.of("{\"client_id\":\"demo-api\",\"required_claims\":[{\"name\":\"x\",\"colour\":1}]}", "entry 1 has an unknown member \"colour\""),
                Arguments.of("{\"client_id\":\"demo-api\",\"acr_values\":\"gold\"}", "Acceptable acr values (acr_values): must be an array of strings"),
                Arguments.of("{\"client_id\":\"demo-api\",\"requestable_claims\":[1]}", "Requestable claims (requestable_claims): must be an array of strings"),
                // reserved claims: Keycloak alone sets them
                Arguments.of("{\"client_id\":\"demo-api\",\"requestable_claims\":[\"sub\"]}", "Requestable claims (requestable_claims): \"sub\" is reserved"),
                Arguments.of("{\"client_id\":\"demo-api\",\"required_claims\":[{\"name\":\"iss\"}]}", "Required claims (required_claims): \"iss\" is reserved"),
                // issue 15 finding 8: acr values end up in challenge headers: printable ASCII only
                Arguments.of("{\"client_id\":\"demo-api\",\"acr_values\":[\"g\u00f6ld\u2713\"]}", "an acr value must be printable ASCII without commas"),
                Arguments.of("{\"client_id\":\"demo-api\",\"acr_values\":[\"gold,silver\"]}", "an acr value must be printable ASCII without commas"),
                // issue 22 (security review): a policy of 1 MiB, 100,000 values, was accepted
                Arguments.of("{\"client_id\":\"demo-api\",\"required_claims\":[{\"name\":\"tos_version\",\"values\":" + values(100_000, 7) + "}]}",
                        "Invalid policy JSON: the body has"),
                Arguments.of("{\"client_id\":\"demo-api\",\"required_claims\":[{\"name\":\"tos_version\",\"values\":" + values(101, 1) + "}]}",
                        "Required claims (required_claims): \"tos_version\" has 101 acceptable values; at most 100 per claim"));
    }

    /** A JSON array of {@code count} distinct strings of about {@code length} characters. */
    static String values(int count, int length) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "\"" + "v".repeat(length) + i + "\"")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyProblemOfABodyIsReportedAtOnceNamingEachField(KeycloakServer server) {
        HttpResponse<String> response = new AdminApi(server).send("POST", POLICIES, """
                {"client_id":"demo-api","max_age":"soon","acr_values":["platinum"],"contexts":["c404"],
                 "required_claims":[{"name":"sub"},{"name":"tos_version"},{"name":"iss"}]}""");

        assertEquals(400, response.statusCode(), response.body());
        Map<String, Object> error = AdminApi.read(response.body(), Map.class);
        List<String> problems = (List<String>) error.get("problems");
        assertEquals(6, problems.size(), response.body());
        assertTrue(problems.get(0).startsWith("Max age (seconds) (max_age): must be a whole number of seconds"), problems.get(0));
        assertTrue(problems.get(1).startsWith("Required claims (required_claims): \"sub\" is reserved"), problems.get(1));
        assertTrue(problems.get(2).startsWith("Required claims (required_claims): \"iss\" is reserved"), problems.get(2));
        assertTrue(problems.get(3).startsWith("Acceptable acr values (acr_values): [platinum] are not in the ACR-to-LoA mapping"), problems.get(3));
        assertTrue(problems.get(4).startsWith("Client (client_id): client \"demo-api\" already has a required-claims policy"), problems.get(4));
        assertTrue(problems.get(5).startsWith("Authentication contexts (contexts): no authentication context c404"), problems.get(5));
        String description = (String) error.get("error_description");
        assertTrue(description.startsWith("6 problems: (1) Max age (seconds) (max_age): ") && description.contains(" (6) Authentication contexts (contexts): "),
                description);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidPoliciesAreRefusedWithAMessageThatSaysWhatToFix(String json, String message, KeycloakServer server) {
        HttpResponse<String> response = new AdminApi(server).send("POST", POLICIES, json);

        assertEquals(400, response.statusCode(), response.body());
        Map<?, ?> error = AdminApi.read(response.body(), Map.class);
        assertEquals("invalid_request", error.get("error"));
        assertTrue(((String) error.get("error_description")).contains(message), response.body());
        assertNoJavaType(response.body());
    }

    static void assertNoJavaType(String text) {
        for (String javaSpeak : List.of("java.", "dev.claimschallenge", "Cannot deserialize", "Cannot construct", "Exception")) {
            assertTrue(!text.contains(javaSpeak), "a Java detail in a message for admins: " + text);
        }
    }

    /**
     * The admin page and realm imports store a policy through Keycloak's components API, which
     * validates it with the page factory: wrong types there must also be a 400 with a message,
     * never a 500 (a {@code null} entry used to end in {@code List.copyOf}).
     */
    @ParameterizedTest
    @MethodSource("invalidComponents")
    void theComponentsApiAnswersWrongTypesWithTheSameMessages(String field, String value, String message, KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String clientId = admin.createSpaLikeClient("component-" + System.nanoTime(), Map.of());
        Map<String, Object> config = new java.util.HashMap<>(Map.of("client", List.of(clientId), "mode", List.of("advertise")));
        config.put(field, List.of(value));

        HttpResponse<String> response = admin.send("POST", "/realms/claims-demo/components", component(server, clientId, config));

        assertEquals(400, response.statusCode(), response.body());
        String shown = (String) AdminApi.read(response.body(), Map.class).get("errorMessage");
        assertTrue(shown != null && shown.contains(message), response.body());
        assertNoJavaType(response.body());
    }

    static Stream<Arguments> invalidComponents() {
        return Stream.of(
                Arguments.of("required_claims", "[null]", "Required claims (required_claims): entry 1 must be an object"),
                Arguments.of("required_claims", "[{\"name\":\"x\",\"values\":[null]}]", "values must be an array of acceptable values"),
                Arguments.of("required_claims", "\"tos_version\"", "Required claims (required_claims): must be a JSON array of claims"),
                Arguments.of("required_claims", "[{\"name\":42}]", "entry 1 name must be a string"),
                Arguments.of("required_claims", "{not json", "Required claims (required_claims): not valid JSON"),
                Arguments.of("mode", "strict", "Mode (mode): must be advertise, satisfy or enforce"),
                Arguments.of("max_age", "soon", "Max age (seconds) (max_age): must be a whole number of seconds"),
                Arguments.of("acr_values", "g\u00f6ld\u2713", "an acr value must be printable ASCII"),
                Arguments.of("requestable_claims", "sub", "Requestable claims (requestable_claims): \"sub\" is reserved"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> component(KeycloakServer server, String clientId, Map<String, Object> config) {
        String realmId = new AdminApi(server).realm().toRepresentation().getId();
        return Map.of("name", clientId, "providerId", "claims-challenge-policy",
                "providerType", "org.keycloak.services.ui.extend.UiPageProvider", "parentId", realmId, "config", config);
    }

    /**
     * A realm import with a broken policy is refused, and the operator learns why. Keycloak itself
     * answers any component that fails validation in a realm import (POST /admin/realms) with a
     * 500 "consult the server log" (its error handler knows no ComponentValidationException), so
     * the promise is the log line: the field and the fix, not a NullPointerException.
     */
    @Test
    void aRealmImportWithABrokenPolicyIsRefusedWithTheMessage(KeycloakServer server) {
        String realm = "broken-import-" + System.nanoTime();
        Map<String, Object> representation = Map.of("realm", realm, "enabled", true,
                "clients", List.of(Map.of("clientId", "api")),
                "components", Map.of("org.keycloak.services.ui.extend.UiPageProvider", List.of(Map.of(
                        "name", "api", "providerId", "claims-challenge-policy",
                        "config", Map.of("client", List.of("api"), "required_claims", List.of("[null]"))))));

        HttpResponse<String> response = new AdminApi(server).send("POST", "/realms", representation);
        try {
            assertTrue(response.statusCode() == 400 || response.statusCode() == 500, response.body());
            assertTrue(server.logTail(200).contains("ComponentValidationException: Required claims (required_claims): "
                    + "entry 1 must be an object with \"name\""), "the server log says what to fix");
            assertEquals(404, new AdminApi(server).send("GET", "/realms/" + realm, null).statusCode(), "nothing half-imported");
        } finally {
            new AdminApi(server).send("DELETE", "/realms/" + realm, null);
        }
    }

    /**
     * A stored policy that is no longer valid (here: its client was deleted) or cannot be read at
     * all shows in GET and the list with its problem, and PUT mends it.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aStoredPolicyWithAProblemShowsItAndCanBeMended(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String gone = admin.createSpaLikeClient("gone-" + System.nanoTime(), Map.of());
        String other = admin.createSpaLikeClient("other-" + System.nanoTime(), Map.of());
        HttpResponse<String> created = admin.send("POST", POLICIES, policy(gone, "enforce"));
        assertEquals(201, created.statusCode(), created.body());
        String id = (String) AdminApi.read(created.body(), Map.class).get("id");
        admin.client(gone).remove();

        Map<String, Object> shown = admin.get(POLICIES + "/" + id, Map.class);
        assertTrue(String.valueOf(shown.get("problem")).contains("unknown client \"" + gone + "\""), shown.toString());
        Map<String, Object> listed = List.of(admin.get(POLICIES, Map[].class)).stream().map(p -> (Map<String, Object>) p)
                .filter(p -> id.equals(p.get("id"))).findFirst().orElseThrow(() -> new AssertionError("not in the list"));
        assertEquals(shown.get("problem"), listed.get("problem"));

        Map<String, Object> mended = new java.util.HashMap<>(shown);
        mended.put("client_id", other); // what GET shows, problem included, goes back with PUT
        HttpResponse<String> put = admin.send("PUT", POLICIES + "/" + id, mended);
        assertEquals(200, put.statusCode(), put.body());
        Map<String, Object> after = admin.get(POLICIES + "/" + id, Map.class);
        assertEquals(other, after.get("client_id"));
        assertTrue(!after.containsKey("problem"), after.toString());
        assertEquals(204, admin.send("DELETE", POLICIES + "/" + id, null).statusCode());
    }

    @Test
    void aSecondPolicyForTheSameClientIsRefused(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String clientId = admin.createSpaLikeClient("dup-" + System.nanoTime(), Map.of());
        assertEquals(201, admin.send("POST", POLICIES, policy(clientId, "advertise")).statusCode());

        HttpResponse<String> second = admin.send("POST", POLICIES, policy(clientId, "enforce"));

        assertEquals(400, second.statusCode());
        assertTrue(second.body().contains("already has a required-claims policy"), second.body());
    }

    @Test
    void readingNeedsViewClientsAndWritingNeedsManageClients(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String viewer = "viewer-" + System.nanoTime();
        admin.grantRealmManagementRoles(admin.createUser(viewer, "pw-" + viewer), "view-clients");
        String viewerToken = new OidcClient(server, "admin-cli", null, null).password(viewer, "pw-" + viewer).accessTokenJwt();
        String aliceToken = new OidcClient(server, "admin-cli", null, null).password("alice", "alice-password").accessTokenJwt();
        String clientId = admin.createSpaLikeClient("perm-" + System.nanoTime(), Map.of());

        assertEquals(401, AdminApi.withToken(server, null).send("GET", POLICIES, null).statusCode());
        assertEquals(403, AdminApi.withToken(server, aliceToken).send("GET", POLICIES, null).statusCode());
        assertEquals(200, AdminApi.withToken(server, viewerToken).send("GET", POLICIES, null).statusCode());
        assertEquals(403, AdminApi.withToken(server, viewerToken).send("POST", POLICIES, policy(clientId, "advertise")).statusCode());
        assertEquals(201, admin.send("POST", POLICIES, policy(clientId, "advertise")).statusCode());
    }

    @SuppressWarnings("unchecked")
    static void stripIds(Object node) {
        if (node instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).remove("id");
            ((Map<String, Object>) map).remove("containerId");
            map.values().forEach(PolicyAdminApiIT::stripIds);
        } else if (node instanceof List<?> list) {
            list.forEach(PolicyAdminApiIT::stripIds);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFreshServerImportingTheRealmExportHasEveryPolicy(KeycloakServer server) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(server instanceof DistributionKeycloak,
                "needs a second unpacked distribution (the default dist mode)");
        AdminApi admin = new AdminApi(server);
        String clientId = admin.createSpaLikeClient("fresh-" + System.nanoTime(), Map.of());
        assertEquals(201, admin.send("POST", POLICIES, policy(clientId, "enforce")).statusCode());
        Map<String, Object>[] before = admin.get(POLICIES, Map[].class);
        HttpResponse<String> export = admin.send("POST", "/realms/claims-demo/partial-export?exportClients=true", null);
        assertEquals(200, export.statusCode());
        java.nio.file.Path file = java.nio.file.Files.createTempDirectory("export").resolve("claims-demo-export.json");
        java.nio.file.Files.writeString(file, export.body());

        try (DistributionKeycloak fresh = DistributionKeycloak.start(ItConfig.secondDistribution(),
                ItConfig.logFile().resolveSibling("keycloak-fresh.log"), file)) {
            Map<String, Object>[] after = new AdminApi(fresh).get(POLICIES, Map[].class);

            assertEquals(before.length, after.length);
            for (Map<String, Object> policy : before) {
                Map<String, Object> imported = List.of(after).stream()
                        .filter(p -> policy.get("client_id").equals(p.get("client_id"))).findFirst()
                        .orElseThrow(() -> new AssertionError("missing after import: " + policy));
                for (String field : List.of("mode", "required_claims", "acr_values", "max_age", "requestable_claims")) {
                    assertEquals(policy.get(field), imported.get(field), field + " of " + policy.get("client_id"));
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRealmExportCarriesThePoliciesAndImportingItRestoresThem(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String clientId = admin.createSpaLikeClient("export-" + System.nanoTime(), Map.of());
        assertEquals(201, admin.send("POST", POLICIES, policy(clientId, "satisfy")).statusCode());

        HttpResponse<String> export = admin.send("POST", "/realms/claims-demo/partial-export?exportClients=true", null);
        assertEquals(200, export.statusCode());
        Map<String, Object> realm = AdminApi.read(export.body(), Map.class);
        String copy = "claims-copy-" + System.nanoTime();
        realm.put("realm", copy);
        stripIds(realm); // same database: let the import generate new ids
        assertEquals(201, admin.send("POST", "/realms", realm).statusCode(), "import of the exported realm");

        Map<String, Object>[] imported = admin.get("/realms/" + copy + "/claims-challenge-policies", Map[].class);
        Map<String, Object> policy = List.of(imported).stream().filter(p -> clientId.equals(p.get("client_id"))).findFirst()
                .orElseThrow(() -> new AssertionError("policy missing after import: " + List.of(imported)));
        assertEquals("satisfy", policy.get("mode"));
        assertEquals(List.of("gold"), policy.get("acr_values"));
        assertEquals(300, policy.get("max_age"));
        assertEquals(204, admin.send("DELETE", "/realms/" + copy, null).statusCode());
    }
}

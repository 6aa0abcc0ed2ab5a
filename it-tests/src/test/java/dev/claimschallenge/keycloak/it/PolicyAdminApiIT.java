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
                Arguments.of("{\"client_id\":\"no-such-client\"}", "Unknown client \"no-such-client\""),
                Arguments.of("{\"client_id\":", "Invalid policy JSON"),
                Arguments.of("[1,2]", "Invalid policy JSON"),
                Arguments.of("{\"client_id\":\"demo-api\",\"colour\":\"red\"}", "Invalid policy JSON"),
                Arguments.of("{\"client_id\":\"demo-api\",\"mode\":\"strict\"}", "Invalid policy JSON"),
                Arguments.of("{\"client_id\":\"demo-api\",\"max_age\":-5}", "max_age must be between 0"),
                Arguments.of("{\"client_id\":\"demo-api\",\"max_age\":\"soon\"}", "Invalid policy JSON"),
                Arguments.of("{\"client_id\":\"demo-api\",\"acr_values\":[\"platinum\"]}", "are not in the ACR-to-LoA mapping"),
                // found by CoverageGuidedFuzzTest: acr_values="a b" cannot carry an acr with a space
                Arguments.of("{\"client_id\":\"demo-api\",\"acr_values\":[\"gold silver\"]}", "an acr value has a control character, white space"),
                Arguments.of("{\"client_id\":\"demo-api\",\"required_claims\":[{\"name\":\"bad name\"}]}", "white space"),
                Arguments.of("{\"client_id\":\"demo-api\",\"required_claims\":[{\"friendly_name\":\"x\"}]}", "a claim name is empty"),
                Arguments.of("{\"client_id\":\"demo-api\",\"required_claims\":[{\"name\":\"x\",\"values\":[{\"a\":1}]}]}", "values must be strings"),
                Arguments.of("{\"client_id\":\"demo-api\",\"requestable_claims\":[\"\"]}", "a claim name is empty"),
                Arguments.of("{}", "Choose the client"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidPoliciesAreRefusedWithAMessageThatSaysWhatToFix(String json, String message, KeycloakServer server) {
        HttpResponse<String> response = new AdminApi(server).send("POST", POLICIES, json);

        assertEquals(400, response.statusCode(), response.body());
        Map<?, ?> error = AdminApi.read(response.body(), Map.class);
        assertEquals("invalid_request", error.get("error"));
        assertTrue(((String) error.get("error_description")).contains(message), response.body());
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

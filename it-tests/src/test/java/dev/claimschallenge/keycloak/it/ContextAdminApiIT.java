package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admin REST API for authentication contexts (PUT by id creates or replaces), the contexts a
 * policy lists, permissions, and a realm export and import that keeps both.
 */
@ExtendWith(KeycloakExtension.class)
class ContextAdminApiIT {

    static final String CONTEXTS = "/realms/claims-demo/claims-challenge-contexts";

    static String context(String displayName, int maxAge) {
        return """
                {"display_name":"%s","description":"money moves",
                 "required_claims":[{"name":"email_verified","values":[true]}],"acr_values":["gold"],"max_age":%d}"""
                .formatted(displayName, maxAge);
    }

    static String newId(String prefix) {
        return prefix + "." + System.nanoTime();
    }

    @Test
    void putCreatesThenReplacesGetShowsItAndDeleteRemovesIt(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String id = newId("payments.transfer");

        HttpResponse<String> created = admin.send("PUT", CONTEXTS + "/" + id, context("Transfer", 300));
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.headers().firstValue("Location").orElseThrow().endsWith("/claims-challenge-contexts/" + id));
        Map<?, ?> read = admin.get(CONTEXTS + "/" + id, Map.class);
        assertEquals(Map.of("id", id, "display_name", "Transfer", "description", "money moves",
                "required_claims", List.of(Map.of("name", "email_verified", "values", List.of(true))),
                "acr_values", List.of("gold"), "max_age", 300), read);
        assertTrue(List.of(admin.get(CONTEXTS, Map[].class)).stream().anyMatch(c -> id.equals(c.get("id"))));

        HttpResponse<String> replaced = admin.send("PUT", CONTEXTS + "/" + id, context("Transfer (strict)", 60));
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertEquals(60, admin.get(CONTEXTS + "/" + id, Map.class).get("max_age"));
        assertEquals(1, List.of(admin.get(CONTEXTS, Map[].class)).stream().filter(c -> id.equals(c.get("id"))).count(),
                "replaced, not added");

        assertEquals(204, admin.send("DELETE", CONTEXTS + "/" + id, null).statusCode());
        assertEquals(404, admin.send("GET", CONTEXTS + "/" + id, null).statusCode());
        assertEquals(404, admin.send("DELETE", CONTEXTS + "/" + id, null).statusCode());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("c1x", "{\"id\":\"c2\"}", "Context id (id): the body names \"c2\" but the URL names \"c1x\""),
                Arguments.of("c%201", "{}", "Context id (id): an authentication context id has only letters, digits, dot, underscore and hyphen"),
                Arguments.of("c" + "1".repeat(64), "{}", "Context id (id): an authentication context id is longer than 64 characters"),
                Arguments.of("c1x", "{\"acr_values\":[\"platinum\"]}", "Acceptable acr values (acr_values): [platinum] are not in the ACR-to-LoA mapping of realm claims-demo"),
                Arguments.of("c1x", "{\"max_age\":-1}", "Max age (seconds) (max_age): must be between 0"),
                Arguments.of("c1x", "{\"max_age\":\"soon\"}", "Max age (seconds) (max_age): must be a whole number of seconds"),
                Arguments.of("c1x", "{\"required_claims\":[{\"name\":\"sub\"}]}", "Required claims (required_claims): \"sub\" is reserved"),
                Arguments.of("c1x", "{\"required_claims\":\"tos_version\"}", "Required claims (required_claims): must be a JSON array"),
                Arguments.of("c1x", "{\"display_name\":7}", "Display name (display_name): must be a string"),
                Arguments.of("c1x", "{\"client_id\":\"demo-api\"}", "Unknown authentication context field \"client_id\""),
                Arguments.of("c1x", "[1]", "Invalid authentication context JSON"),
                Arguments.of("c1x", "{\"id\":", "Invalid authentication context JSON"),
                // issue 22 (security review): a context of 1 MiB, 100,000 values, was accepted
                Arguments.of("c1x", "{\"required_claims\":[{\"name\":\"tos_version\",\"values\":" + PolicyAdminApiIT.values(100_000, 7) + "}]}",
                        "Invalid authentication context JSON: the body has"),
                Arguments.of("c1x", "{\"required_claims\":[{\"name\":\"tos_version\",\"values\":" + PolicyAdminApiIT.values(101, 1) + "}]}",
                        "Required claims (required_claims): \"tos_version\" has 101 acceptable values; at most 100 per claim"),
                // every problem at once, each naming its field
                Arguments.of("c1x", "{\"display_name\":7,\"max_age\":-1,\"acr_values\":[\"platinum\"]}",
                        "3 problems: (1) Display name (display_name): must be a string"),
                Arguments.of("c1x", "{\"display_name\":7,\"max_age\":-1,\"acr_values\":[\"platinum\"]}",
                        " (2) Max age (seconds) (max_age): must be between 0"),
                Arguments.of("c1x", "{\"display_name\":7,\"max_age\":-1,\"acr_values\":[\"platinum\"]}",
                        " (3) Acceptable acr values (acr_values): [platinum] are not in the ACR-to-LoA mapping of realm claims-demo"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidContextsAreRefusedWithAMessageThatSaysWhatToFixAndNothingIsStored(String id, String json, String message, KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        HttpResponse<String> response = admin.send("PUT", CONTEXTS + "/" + id, json);

        assertEquals(400, response.statusCode(), response.body());
        Map<?, ?> error = AdminApi.read(response.body(), Map.class);
        assertEquals("invalid_request", error.get("error"));
        assertTrue(((String) error.get("error_description")).contains(message), response.body());
        PolicyAdminApiIT.assertNoJavaType(response.body());
        assertEquals(404, admin.send("GET", CONTEXTS + "/" + id, null).statusCode(), "nothing half-stored");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPolicyListsOnlyContextsThatExistAndADeletionCannotLeaveItDangling(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String id = newId("c");
        String clientId = admin.createSpaLikeClient("ctx-policy-" + System.nanoTime(), Map.of());

        HttpResponse<String> unknown = admin.send("POST", PolicyAdminApiIT.POLICIES,
                "{\"client_id\":\"" + clientId + "\",\"contexts\":[\"" + id + "\"]}");
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("Authentication contexts (contexts): no authentication context " + id
                + " in realm claims-demo; define it first"), unknown.body());
        HttpResponse<String> malformed = admin.send("POST", PolicyAdminApiIT.POLICIES,
                "{\"client_id\":\"" + clientId + "\",\"contexts\":[\"c 1\"]}");
        assertTrue(malformed.body().contains("Authentication contexts (contexts): an authentication context id has only"), malformed.body());

        assertEquals(201, admin.send("PUT", CONTEXTS + "/" + id, context("Strong", 300)).statusCode());
        HttpResponse<String> created = admin.send("POST", PolicyAdminApiIT.POLICIES,
                "{\"client_id\":\"" + clientId + "\",\"contexts\":[\"" + id + "\"]}");
        assertEquals(201, created.statusCode(), created.body());
        String policyId = (String) AdminApi.read(created.body(), Map.class).get("id");
        assertEquals(List.of(id), admin.get(PolicyAdminApiIT.POLICIES + "/" + policyId, Map.class).get("contexts"));

        HttpResponse<String> refused = admin.send("DELETE", CONTEXTS + "/" + id, null);
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("The policies of " + clientId + " list authentication context " + id), refused.body());
        assertEquals(200, admin.send("GET", CONTEXTS + "/" + id, null).statusCode(), "still there");

        assertEquals(204, admin.send("DELETE", PolicyAdminApiIT.POLICIES + "/" + policyId, null).statusCode());
        assertEquals(204, admin.send("DELETE", CONTEXTS + "/" + id, null).statusCode());
    }

    /**
     * The admin page deletes through Keycloak's components endpoint, which cannot refuse: a policy
     * that listed the context then shows the problem, and can be mended with PUT.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aPolicyWhoseContextWasDeletedOnThePageShowsTheProblem(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String id = newId("gone");
        String clientId = admin.createSpaLikeClient("ctx-gone-" + System.nanoTime(), Map.of());
        assertEquals(201, admin.send("PUT", CONTEXTS + "/" + id, context("Gone", 60)).statusCode());
        HttpResponse<String> created = admin.send("POST", PolicyAdminApiIT.POLICIES,
                "{\"client_id\":\"" + clientId + "\",\"contexts\":[\"" + id + "\"]}");
        String policyId = (String) AdminApi.read(created.body(), Map.class).get("id");
        Map<String, Object>[] components = admin.get("/realms/claims-demo/components?name=" + id, Map[].class);
        assertEquals(1, components.length);
        assertEquals(204, admin.send("DELETE", "/realms/claims-demo/components/" + components[0].get("id"), null).statusCode());

        Map<String, Object> shown = admin.get(PolicyAdminApiIT.POLICIES + "/" + policyId, Map.class);
        assertTrue(String.valueOf(shown.get("problem")).contains("no authentication context " + id), shown.toString());
        Map<String, Object> mended = new HashMap<>(shown);
        mended.put("contexts", List.of());
        assertEquals(200, admin.send("PUT", PolicyAdminApiIT.POLICIES + "/" + policyId, mended).statusCode());
        assertFalse(admin.get(PolicyAdminApiIT.POLICIES + "/" + policyId, Map.class).containsKey("problem"));
    }

    /** The admin page saves through Keycloak's components endpoint: an unknown context is refused there too. */
    @Test
    void theComponentsEndpointRefusesAPolicyWithAnUnknownContext(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String clientId = admin.createSpaLikeClient("ctx-component-" + System.nanoTime(), Map.of());
        Map<String, Object> config = new HashMap<>(Map.of("client", List.of(clientId), "mode", List.of("advertise"),
                "contexts", List.of("no-such-context")));

        HttpResponse<String> response = admin.send("POST", "/realms/claims-demo/components", PolicyAdminApiIT.component(server, clientId, config));

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("no authentication context no-such-context in realm claims-demo"), response.body());
    }

    @Test
    void readingNeedsViewRealmAndWritingNeedsManageRealm(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String viewer = "ctx-viewer-" + System.nanoTime();
        admin.grantRealmManagementRoles(admin.createUser(viewer, "pw-" + viewer), "view-realm");
        String viewerToken = new OidcClient(server, "admin-cli", null, null).password(viewer, "pw-" + viewer).accessTokenJwt();
        String aliceToken = new OidcClient(server, "admin-cli", null, null).password("alice", "alice-password").accessTokenJwt();
        String id = newId("perm");

        assertEquals(401, AdminApi.withToken(server, null).send("GET", CONTEXTS, null).statusCode());
        assertEquals(403, AdminApi.withToken(server, aliceToken).send("GET", CONTEXTS, null).statusCode());
        assertEquals(200, AdminApi.withToken(server, viewerToken).send("GET", CONTEXTS, null).statusCode());
        assertEquals(403, AdminApi.withToken(server, viewerToken).send("PUT", CONTEXTS + "/" + id, context("x", 60)).statusCode());
        assertEquals(404, admin.send("GET", CONTEXTS + "/" + id, null).statusCode());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRealmExportCarriesTheContextsAndThePoliciesThatListThemAndImportingItRestoresThem(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String id = newId("export");
        assertEquals(201, admin.send("PUT", CONTEXTS + "/" + id, context("Exported", 120)).statusCode());
        String clientId = admin.createSpaLikeClient("ctx-export-" + System.nanoTime(), Map.of());
        assertEquals(201, admin.send("POST", PolicyAdminApiIT.POLICIES,
                "{\"client_id\":\"" + clientId + "\",\"mode\":\"satisfy\",\"contexts\":[\"" + id + "\"]}").statusCode());

        HttpResponse<String> export = admin.send("POST", "/realms/claims-demo/partial-export?exportClients=true", null);
        assertEquals(200, export.statusCode());
        Map<String, Object> realm = AdminApi.read(export.body(), Map.class);
        String copy = "contexts-copy-" + System.nanoTime();
        realm.put("realm", copy);
        PolicyAdminApiIT.stripIds(realm);
        assertEquals(201, admin.send("POST", "/realms", realm).statusCode(), "import of the exported realm");
        try {
            Map<String, Object> context = admin.get("/realms/" + copy + "/claims-challenge-contexts/" + id, Map.class);
            assertEquals("Exported", context.get("display_name"));
            assertEquals(List.of("gold"), context.get("acr_values"));
            assertEquals(120, context.get("max_age"));
            assertEquals(List.of(Map.of("name", "email_verified", "values", List.of(true))), context.get("required_claims"));
            Map<String, Object> policy = List.of(admin.get("/realms/" + copy + "/claims-challenge-policies", Map[].class)).stream()
                    .map(p -> (Map<String, Object>) p).filter(p -> clientId.equals(p.get("client_id"))).findFirst()
                    .orElseThrow(() -> new AssertionError("policy missing after import"));
            assertEquals(List.of(id), policy.get("contexts"));
            assertFalse(policy.containsKey("problem"), policy.toString());
        } finally {
            admin.send("DELETE", "/realms/" + copy, null);
        }
    }
}

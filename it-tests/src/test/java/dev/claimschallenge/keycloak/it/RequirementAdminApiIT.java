package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the admin REST APIs of policies and of authentication contexts share, each test run for
 * both: the life of an item, refusals that say what to fix, permissions, and a realm export and
 * import. What only one of them does is tested in {@link PolicyAdminApiIT} and {@link ContextAdminApiIT}.
 */
@ExtendWith(KeycloakExtension.class)
class RequirementAdminApiIT {

    /**
     * One kind as its API is driven. Policies are created with POST (the server picks the id),
     * contexts with PUT to their own id.
     *
     * @param path       the collection's path
     * @param newItem    prepares what a new item needs (a policy: its client) and returns its name (a policy: the client id; a context: its id)
     * @param body       the body of item {@code name}, version 1 or 2
     * @param expected   what GET shows of item {@code name} with id {@code id}, version 1 or 2
     * @param viewRole   the realm-management role that lets read but not write
     */
    record Kind(String label, String path, Function<AdminApi, String> newItem, Body body, Expected expected, String viewRole) {

        boolean createdByPost() {
            return path.equals(PolicyAdminApiIT.POLICIES);
        }

        /** Creates item {@code name}: its id from the answer (201 expected by callers). */
        HttpResponse<String> create(AdminApi admin, String name, String json) {
            return createdByPost() ? admin.send("POST", path, json) : admin.send("PUT", path + "/" + name, json);
        }

        String idOf(String name, HttpResponse<String> created) {
            return createdByPost() ? (String) AdminApi.read(created.body(), Map.class).get("id") : name;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    interface Body {
        String of(String name, int version);
    }

    interface Expected {
        Map<String, Object> of(String id, String name, int version);
    }

    static final Kind POLICIES = new Kind("policies", PolicyAdminApiIT.POLICIES,
            admin -> admin.createSpaLikeClient("crud-" + System.nanoTime(), Map.of()),
            (clientId, version) -> PolicyAdminApiIT.policy(clientId, version == 1 ? "advertise" : "enforce"),
            (id, clientId, version) -> Map.of("id", id, "client_id", clientId, "mode", version == 1 ? "advertise" : "enforce",
                    "required_claims", List.of(Map.of("name", "email_verified", "friendly_name", "Verified e-mail", "values", List.of(true))),
                    "acr_values", List.of("gold"), "max_age", 300, "requestable_claims", List.of("department")),
            "view-clients");

    static final Kind CONTEXTS = new Kind("contexts", ContextAdminApiIT.CONTEXTS,
            admin -> ContextAdminApiIT.newId("payments.transfer"),
            (id, version) -> version == 1 ? ContextAdminApiIT.context("Transfer", 300) : ContextAdminApiIT.context("Transfer (strict)", 60),
            (id, name, version) -> Map.of("id", id, "display_name", version == 1 ? "Transfer" : "Transfer (strict)", "description", "money moves",
                    "required_claims", List.of(Map.of("name", "email_verified", "values", List.of(true))),
                    "acr_values", List.of("gold"), "max_age", version == 1 ? 300 : 60),
            "view-realm");

    static Stream<Kind> kinds() {
        return Stream.of(POLICIES, CONTEXTS);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void createReadReplaceDelete(Kind kind, KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String name = kind.newItem().apply(admin);

        HttpResponse<String> created = kind.create(admin, name, kind.body().of(name, 1));
        assertEquals(201, created.statusCode(), created.body());
        String id = kind.idOf(name, created);
        assertTrue(created.headers().firstValue("Location").orElseThrow().endsWith(kind.path() + "/" + id));
        assertEquals(kind.expected().of(id, name, 1), admin.get(kind.path() + "/" + id, Map.class));
        assertTrue(List.of(admin.get(kind.path(), Map[].class)).stream().anyMatch(item -> id.equals(item.get("id"))));

        HttpResponse<String> replaced = admin.send("PUT", kind.path() + "/" + id, kind.body().of(name, 2));
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertEquals(kind.expected().of(id, name, 2), admin.get(kind.path() + "/" + id, Map.class));
        assertEquals(1, List.of(admin.get(kind.path(), Map[].class)).stream().filter(item -> id.equals(item.get("id"))).count(),
                "replaced, not added");

        assertEquals(204, admin.send("DELETE", kind.path() + "/" + id, null).statusCode());
        assertEquals(404, admin.send("GET", kind.path() + "/" + id, null).statusCode());
        assertEquals(404, admin.send("DELETE", kind.path() + "/" + id, null).statusCode());
    }

    static Stream<Arguments> invalid() {
        return Stream.concat(invalidPolicies().map(a -> Arguments.of(POLICIES, null, a.get()[0], a.get()[1])),
                invalidContexts().map(a -> Arguments.of(CONTEXTS, a.get()[0], a.get()[1], a.get()[2])));
    }

    static Stream<Arguments> invalidPolicies() {
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

    static Stream<Arguments> invalidContexts() {
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
                Arguments.of("c1x", "{\"required_claims\":[{\"name\":\"tos_version\",\"values\":" + values(100_000, 7) + "}]}",
                        "Invalid authentication context JSON: the body has"),
                Arguments.of("c1x", "{\"required_claims\":[{\"name\":\"tos_version\",\"values\":" + values(101, 1) + "}]}",
                        "Required claims (required_claims): \"tos_version\" has 101 acceptable values; at most 100 per claim"),
                // every problem at once, each naming its field
                Arguments.of("c1x", "{\"display_name\":7,\"max_age\":-1,\"acr_values\":[\"platinum\"]}",
                        "3 problems: (1) Display name (display_name): must be a string"),
                Arguments.of("c1x", "{\"display_name\":7,\"max_age\":-1,\"acr_values\":[\"platinum\"]}",
                        " (2) Max age (seconds) (max_age): must be between 0"),
                Arguments.of("c1x", "{\"display_name\":7,\"max_age\":-1,\"acr_values\":[\"platinum\"]}",
                        " (3) Acceptable acr values (acr_values): [platinum] are not in the ACR-to-LoA mapping of realm claims-demo"));
    }

    /** A JSON array of {@code count} distinct strings of about {@code length} characters. */
    static String values(int count, int length) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "\"" + "v".repeat(length) + i + "\"")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    /** Refused in words (never a Java type), and nothing half-stored. @param id a context's id ({@code null}: a policy, created with POST) */
    @ParameterizedTest
    @MethodSource("invalid")
    void invalidItemsAreRefusedWithAMessageThatSaysWhatToFixAndNothingIsStored(Kind kind, String id, String json, String message,
            KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        int before = admin.get(kind.path(), Map[].class).length;
        HttpResponse<String> response = kind.create(admin, id, json);

        assertEquals(400, response.statusCode(), response.body());
        Map<?, ?> error = AdminApi.read(response.body(), Map.class);
        assertEquals("invalid_request", error.get("error"));
        assertTrue(((String) error.get("error_description")).contains(message), response.body());
        PolicyAdminApiIT.assertNoJavaType(response.body());
        if (id != null) {
            assertEquals(404, admin.send("GET", kind.path() + "/" + id, null).statusCode(), "nothing half-stored");
        }
        assertEquals(before, admin.get(kind.path(), Map[].class).length, "nothing half-stored");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void readingNeedsTheViewRoleAndWritingTheManageRole(Kind kind, KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String viewer = "viewer-" + System.nanoTime();
        admin.grantRealmManagementRoles(admin.createUser(viewer, "pw-" + viewer), kind.viewRole());
        String viewerToken = new OidcClient(server, "admin-cli", null, null).password(viewer, "pw-" + viewer).accessTokenJwt();
        String aliceToken = new OidcClient(server, "admin-cli", null, null).password("alice", "alice-password").accessTokenJwt();
        String name = kind.newItem().apply(admin);

        assertEquals(401, AdminApi.withToken(server, null).send("GET", kind.path(), null).statusCode());
        assertEquals(403, AdminApi.withToken(server, aliceToken).send("GET", kind.path(), null).statusCode());
        assertEquals(200, AdminApi.withToken(server, viewerToken).send("GET", kind.path(), null).statusCode());
        assertEquals(403, kind.create(AdminApi.withToken(server, viewerToken), name, kind.body().of(name, 1)).statusCode());
        if (!kind.createdByPost()) {
            assertEquals(404, admin.send("GET", kind.path() + "/" + name, null).statusCode());
        }
        HttpResponse<String> created = kind.create(admin, name, kind.body().of(name, 1));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(204, admin.send("DELETE", kind.path() + "/" + kind.idOf(name, created), null).statusCode());
    }

    /** Both kinds are realm components: an export carries them, and an import restores a policy together with the context it lists. */
    @Test
    @SuppressWarnings("unchecked")
    void aRealmExportCarriesPoliciesAndTheContextsTheyListAndImportingItRestoresThem(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String id = ContextAdminApiIT.newId("export");
        assertEquals(201, admin.send("PUT", ContextAdminApiIT.CONTEXTS + "/" + id, ContextAdminApiIT.context("Exported", 120)).statusCode());
        String clientId = admin.createSpaLikeClient("export-" + System.nanoTime(), Map.of());
        String policy = PolicyAdminApiIT.policy(clientId, "satisfy").replace("\"mode\":", "\"contexts\":[\"" + id + "\"],\"mode\":");
        assertEquals(201, admin.send("POST", PolicyAdminApiIT.POLICIES, policy).statusCode());

        HttpResponse<String> export = admin.send("POST", "/realms/claims-demo/partial-export?exportClients=true", null);
        assertEquals(200, export.statusCode());
        Map<String, Object> realm = AdminApi.read(export.body(), Map.class);
        String copy = "claims-copy-" + System.nanoTime();
        realm.put("realm", copy);
        PolicyAdminApiIT.stripIds(realm); // same database: let the import generate new ids
        assertEquals(201, admin.send("POST", "/realms", realm).statusCode(), "import of the exported realm");
        try {
            Map<String, Object> context = admin.get("/realms/" + copy + "/claims-challenge-contexts/" + id, Map.class);
            assertEquals("Exported", context.get("display_name"));
            assertEquals(List.of("gold"), context.get("acr_values"));
            assertEquals(120, context.get("max_age"));
            assertEquals(List.of(Map.of("name", "email_verified", "values", List.of(true))), context.get("required_claims"));
            Map<String, Object> imported = List.of(admin.get("/realms/" + copy + "/claims-challenge-policies", Map[].class)).stream()
                    .map(p -> (Map<String, Object>) p).filter(p -> clientId.equals(p.get("client_id"))).findFirst()
                    .orElseThrow(() -> new AssertionError("policy missing after import"));
            assertEquals("satisfy", imported.get("mode"));
            assertEquals(List.of("gold"), imported.get("acr_values"));
            assertEquals(300, imported.get("max_age"));
            assertEquals(List.of(id), imported.get("contexts"));
            assertFalse(imported.containsKey("problem"), imported.toString());
        } finally {
            assertEquals(204, admin.send("DELETE", "/realms/" + copy, null).statusCode());
        }
    }
}

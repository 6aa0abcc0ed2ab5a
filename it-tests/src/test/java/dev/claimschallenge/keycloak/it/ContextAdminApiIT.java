package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What only the contexts' admin REST API does: the contexts a policy lists must exist, and a deletion
 * cannot leave a policy dangling. What it shares with the policies' API (PUT by id creates or
 * replaces) is in {@link RequirementAdminApiIT}.
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

    /** A context is named by its own id, so PUT creates it: there is nothing to POST to. */
    @Test
    void aContextIsNotCreatedWithPost(KeycloakServer server) {
        assertEquals(405, new AdminApi(server).send("POST", CONTEXTS, context("Posted", 60)).statusCode());
    }
}

package dev.claimschallenge.keycloak.realm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.util.JsonSerialization;

/** The example realm is read with Keycloak's own representation classes, as an import would. */
class ClaimsDemoRealmTest {

    private static RealmRepresentation realm;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ClaimsDemoRealmTest.class.getResourceAsStream("/claims-demo-realm.json")) {
            realm = JsonSerialization.readValue(in, RealmRepresentation.class);
        }
    }

    @Test
    void hasTheDemoClients() {
        ClientRepresentation spa = client("demo-spa");
        assertTrue(spa.isPublicClient());
        assertEquals("S256", spa.getAttributes().get("pkce.code.challenge.method"));
        ClientRepresentation web = client("demo-web");
        assertFalse(web.isPublicClient());
        ClientRepresentation api = client("demo-api");
        assertFalse(api.isStandardFlowEnabled());
        assertFalse(api.isDirectAccessGrantsEnabled());
    }

    /** The docs' curl examples get their tokens from demo-cli: a password grant, nothing else. */
    @Test
    void hasAPasswordGrantClientForTheDocsCurlExamples() {
        ClientRepresentation cli = client("demo-cli");
        assertTrue(cli.isPublicClient());
        assertTrue(cli.isDirectAccessGrantsEnabled());
        assertFalse(cli.isStandardFlowEnabled());
        assertFalse(cli.isImplicitFlowEnabled());
        assertFalse(cli.isServiceAccountsEnabled());
        assertFalse(client("demo-spa").isDirectAccessGrantsEnabled());
        assertFalse(client("demo-web").isDirectAccessGrantsEnabled());
    }

    /**
     * demo-cli's password grant asks for the password only (a flow of its own), so the docs' examples
     * also run once alice has enrolled a one-time code in the browser demo; the realm's direct grant
     * flow, used by every other client, keeps Keycloak's one-time code step.
     */
    @Test
    void demoCliPasswordGrantAsksForThePasswordOnly() {
        String flowId = client("demo-cli").getAuthenticationFlowBindingOverrides().get("direct_grant");
        var flow = realm.getAuthenticationFlows().stream().filter(f -> f.getId() != null && f.getId().equals(flowId)).findFirst()
                .orElseThrow(() -> new AssertionError("demo-cli's direct_grant override names no flow of the file: " + flowId));
        assertTrue(flow.isTopLevel());
        assertEquals(java.util.List.of("direct-grant-validate-username", "direct-grant-validate-password"),
                flow.getAuthenticationExecutions().stream().map(e -> e.getAuthenticator()).toList());
        assertTrue(realm.getDirectGrantFlow() == null || !realm.getDirectGrantFlow().equals(flow.getAlias()));
        for (String other : new String[] {"demo-spa", "demo-web", "demo-api"}) {
            var overrides = client(other).getAuthenticationFlowBindingOverrides();
            assertTrue(overrides == null || overrides.isEmpty(), other);
        }
    }

    /** docs/policies.md's examples are policies for these APIs: clients without login flows or policies. */
    @Test
    void hasTheApisOfThePolicyExamples() {
        for (String clientId : List.of("orders-api", "drive-api", "records-api", "shop-api", "payments-api")) {
            ClientRepresentation api = client(clientId);
            assertFalse(api.isPublicClient(), clientId);
            assertFalse(api.isStandardFlowEnabled(), clientId);
            assertFalse(api.isImplicitFlowEnabled(), clientId);
            assertFalse(api.isDirectAccessGrantsEnabled(), clientId);
            assertFalse(api.isServiceAccountsEnabled(), clientId);
        }
        assertEquals(List.of("demo-api"), realm.getComponents()
                .get("org.keycloak.services.ui.extend.UiPageProvider").stream()
                .filter(c -> "claims-challenge-policy".equals(c.getProviderId())).map(c -> c.getName()).toList());
    }

    /** docs/contexts.md and the demo's DELETE /api/orders/{id}: context c1, acr gold within 5 minutes, listed by demo-api's policy. */
    @Test
    void hasContextC1ListedByTheDemoApisPolicy() {
        var components = realm.getComponents().get("org.keycloak.services.ui.extend.UiPageProvider");
        var c1 = components.stream().filter(c -> "claims-challenge-context".equals(c.getProviderId())).toList();
        assertEquals(List.of("c1"), c1.stream().map(c -> c.getName()).toList());
        assertEquals(List.of("gold"), c1.get(0).getConfig().get("acr_values"));
        assertEquals(List.of("300"), c1.get(0).getConfig().get("max_age"));
        var demoApi = components.stream().filter(c -> "demo-api".equals(c.getName())).findFirst().orElseThrow();
        assertEquals(List.of("c1"), demoApi.getConfig().get("contexts"));
    }

    @Test
    void hasOneVerifiedAndOneUnverifiedUser() {
        assertTrue(user("alice").isEmailVerified());
        assertFalse(user("bob").isEmailVerified());
    }

    @Test
    void mapsSilverAndGoldToLevelsOfAuthentication() throws IOException {
        Map<?, ?> loa = JsonSerialization.readValue(realm.getAttributes().get("acr.loa.map"), Map.class);
        assertEquals("1", loa.get("silver"));
        assertEquals("2", loa.get("gold"));
        assertEquals("browser-with-loa", realm.getBrowserFlow());
    }

    private static ClientRepresentation client(String clientId) {
        return realm.getClients().stream().filter(c -> clientId.equals(c.getClientId())).findFirst()
                .orElseThrow(() -> new AssertionError("client " + clientId + " missing"));
    }

    private static UserRepresentation user(String username) {
        return realm.getUsers().stream().filter(u -> username.equals(u.getUsername())).findFirst()
                .orElseThrow(() -> new AssertionError("user " + username + " missing"));
    }
}

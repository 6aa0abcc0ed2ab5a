package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.AuthorizationFlow;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.ItConfig;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.info.ProviderRepresentation;
import org.keycloak.representations.info.SpiInfoRepresentation;

/** Keycloak starts with the extension and the example realm, and a demo user can log in. */
@ExtendWith(KeycloakExtension.class)
class FoundationIT {

    /** SPI id and provider id of every factory the jar registers that every supported Keycloak loads. */
    static final Map<String, String> PROVIDERS = Map.of(
            // ours replaces Keycloak's own access-token introspection
            "oauth2-token-introspection", "access_token",
            "realm-restapi-extension", "claims-challenge",
            "admin-realm-restapi-extension", "claims-challenge-policies",
            "ui-page", "claims-challenge-policy",
            "client-policy-executor", "claims-challenge");

    /** The SPIs that carry the extension on Keycloak 26.6+ (26.5 has neither: the client policy executor does it there). */
    static final Map<String, String> NATIVE_HOOKS = Map.of(
            "auth-endpoint-check", "claims-challenge",
            "token-interceptor", "claims-challenge");

    @Test
    void serverInfoListsTheExtensionsProvidersWithItsVersion(KeycloakServer server) {
        Map<String, SpiInfoRepresentation> spis = new AdminApi(server).keycloak().serverInfo().getInfo().getProviders();
        Map<String, String> expected = new java.util.HashMap<>(PROVIDERS);
        if (ItConfig.hasNativeHooks()) {
            expected.putAll(NATIVE_HOOKS);
        } else {
            NATIVE_HOOKS.keySet().forEach(spi -> assertNull(spis.get(spi), spi + " exists on " + ItConfig.keycloakVersion()));
        }
        expected.forEach((spi, id) -> {
            assertNotNull(spis.get(spi), "no SPI " + spi + " on Keycloak " + ItConfig.keycloakVersion());
            Map<String, ProviderRepresentation> providers = spis.get(spi).getProviders();
            assertNotNull(providers.get(id), spi + " has no provider " + id + ": " + providers.keySet());
            assertEquals(System.getProperty("it.extension.version"), providers.get(id).getOperationalInfo().get("version"), spi + "/" + id);
        });
    }

    @Test
    void exampleRealmIsImported(KeycloakServer server) {
        RealmResource realm = new AdminApi(server).realm();
        for (String clientId : List.of("demo-spa", "demo-web", "demo-api")) {
            assertEquals(1, realm.clients().findByClientId(clientId).size(), clientId);
        }
        List<UserRepresentation> bob = realm.users().searchByUsername("bob", true);
        assertEquals(1, bob.size());
        assertFalse(bob.get(0).isEmailVerified());
    }

    @Test
    void demoUserLogsInThroughTheLoginFormAndGetsAnAccessToken(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);
        AuthorizationFlow flow = spa.authorize(new Browser());
        assertEquals(200, flow.status());
        assertNotNull(flow.page().getElementById("kc-form-login"), "Keycloak's login form");

        Tokens tokens = spa.exchange(flow.login("alice", "alice-password"));

        assertEquals(200, tokens.status(), () -> tokens.json().toString());
        Map<String, Object> accessToken = tokens.accessToken();
        assertEquals(server.realmUrl(), accessToken.get("iss"));
        assertEquals("demo-spa", accessToken.get("azp"));
        assertEquals("alice", accessToken.get("preferred_username"));
        assertTrue(String.valueOf(accessToken.get("aud")).contains("demo-api"), "aud: " + accessToken.get("aud"));
        assertEquals("silver", accessToken.get("acr"), "a password login is level 1 (silver)");
        assertEquals("alice", tokens.idToken().get("preferred_username"));
        assertNotNull(tokens.refreshTokenJwt());
    }

    @Test
    void wrongPasswordGetsKeycloaksLoginErrorNotAToken(KeycloakServer server) {
        AuthorizationFlow flow = OidcClient.spa(server).authorize(new Browser()).login("alice", "not-her-password");

        assertFalse(flow.isCallback(), "no redirect back to the client");
        assertEquals(200, flow.status());
        assertTrue(flow.text().contains("Invalid username or password."), flow.text());
        assertNotNull(flow.page().getElementById("kc-form-login"), "the login form is shown again");
    }
}

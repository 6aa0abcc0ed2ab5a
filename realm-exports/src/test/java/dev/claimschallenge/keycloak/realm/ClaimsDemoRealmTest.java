package dev.claimschallenge.keycloak.realm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
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

package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the example realm shows a newcomer works as its README says. */
@ExtendWith(KeycloakExtension.class)
class ExampleRealmIT {

    /**
     * demo-api's policy lists {@code department} as requestable, and demo-api's own
     * user-attribute mapper computes it: every client calling demo-api can ask for it.
     */
    @Test
    void departmentIsRequestableForTokensForDemoApi(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);

        Map<String, Object> plain = spa.login("alice", "alice-password", Map.of()).accessToken();
        Map<String, Object> requested = spa.login("alice", "alice-password",
                Map.of("claims", "{\"access_token\":{\"department\":null}}")).accessToken();

        assertFalse(plain.containsKey("department"), plain.toString());
        assertEquals("research", requested.get("department"), requested.toString());
    }
}

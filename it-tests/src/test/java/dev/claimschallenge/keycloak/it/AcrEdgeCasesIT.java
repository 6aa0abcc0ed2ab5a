package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.AuthorizationFlow;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;

/** acr requests at the edges of Keycloak's own acr handling (issue 15, "Also found"). */
@ExtendWith(KeycloakExtension.class)
class AcrEdgeCasesIT {

    @Test
    void anAcrSentAsAJsonNumberNeverMakesTheLoginFail(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);
        AuthorizationFlow flow = spa.authorize(new Browser(),
                Map.of("claims", "{\"access_token\":{\"acr\":{\"essential\":true,\"value\":1}}}"));
        assertNotEquals(500, flow.status(), flow.text());
        if (flow.isCallback()) { // refusing a number is a fair answer too, as long as it is an OAuth error
            assertNotNull(flow.callbackParameters().get("error_description"), flow.callbackParameters().toString());
            return;
        }
        Tokens tokens = spa.exchange(flow.login("alice", "alice-password"));
        assertEquals(200, tokens.status(), tokens.json().toString());
        assertNotNull(tokens.accessToken().get("acr"), tokens.accessToken().toString());
    }

    @Test
    void aRefreshAcceptsTheAcrKeycloakReportsForAFlowWithoutLevelConditions(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String flowId = admin.realm().flows().getFlows().stream()
                .filter(flow -> "browser".equals(flow.getAlias()))
                .map(AuthenticationFlowRepresentation::getId)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the example realm has no built-in browser flow"));
        String clientId = admin.createSpaLikeClient("no-levels-" + System.nanoTime(), Map.of());
        admin.updateClient(clientId, client -> client.setAuthenticationFlowBindingOverrides(Map.of("browser", flowId)));
        try {
            OidcClient client = new OidcClient(server, clientId, null, OidcClient.DEFAULT_REDIRECT_URI);

            Tokens tokens = client.login("alice", "alice-password", Map.of());
            assertEquals("silver", tokens.accessToken().get("acr"), "Keycloak reports a password login without level conditions as level 1");

            // silver is level 1 in the example realm's ACR-to-LoA map: what the session already has
            Tokens refreshed = client.refresh(tokens.refreshTokenJwt(),
                    Map.of("claims", "{\"access_token\":{\"acr\":{\"essential\":true,\"values\":[\"silver\"]}}}"));
            assertEquals(200, refreshed.status(), refreshed.json().toString());
        } finally {
            // a flow binding by id does not survive PolicyAdminApiIT's export and re-import into another realm
            admin.client(clientId).remove();
        }
    }
}

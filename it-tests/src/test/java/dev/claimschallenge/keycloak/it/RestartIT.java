package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.DistributionKeycloak;
import dev.claimschallenge.keycloak.it.support.ItConfig;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A Keycloak restart (same database) keeps policies, and refresh and offline tokens keep their requested claims. */
@ExtendWith(KeycloakExtension.class)
class RestartIT {

    @Test
    void policiesAndRequestedClaimsSurviveARestart(KeycloakServer shared) {
        Assumptions.assumeTrue(shared instanceof DistributionKeycloak, "needs the second unpacked distribution (dist mode)");
        DistributionKeycloak server = DistributionKeycloak.start(ItConfig.secondDistribution(),
                ItConfig.logFile().resolveSibling("keycloak-restart.log"), ItConfig.realmFile(), true);
        try {
            OidcClient spa = OidcClient.spa(server);
            Tokens online = spa.login("alice", "alice-password", Map.of("claims", AccessTokenClaimsIT.TOS));
            Tokens offline = spa.login("alice", "alice-password",
                    Map.of("claims", AccessTokenClaimsIT.TOS, "scope", "openid offline_access"));
            Object policiesBefore = AdminApi.read(new AdminApi(server).send("GET", PolicyAdminApiIT.POLICIES, null).body(), Object.class);

            server = server.restart();

            OidcClient after = OidcClient.spa(server);
            Tokens onlineRefreshed = after.refresh(online.refreshTokenJwt(), Map.of());
            Tokens offlineRefreshed = after.refresh(offline.refreshTokenJwt(), Map.of());
            assertEquals(200, onlineRefreshed.status(), () -> onlineRefreshed.json().toString());
            assertEquals("2024-06", onlineRefreshed.accessToken().get("tos_version"));
            assertEquals(200, offlineRefreshed.status(), () -> offlineRefreshed.json().toString());
            assertEquals("2024-06", offlineRefreshed.accessToken().get("tos_version"));
            assertEquals(policiesBefore, AdminApi.read(new AdminApi(server).send("GET", PolicyAdminApiIT.POLICIES, null).body(), Object.class));
        } finally {
            server.close();
        }
    }
}

package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AuthorizationFlow;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many interleaved flows (bounded: 6 threads x 4 flows, loopback only), each with its own claims
 * request, half of them sharing one browser session per thread: every token carries exactly the
 * claims its own grant asked for, before and after a refresh.
 */
@ExtendWith(KeycloakExtension.class)
class ConcurrentClaimsIT {

    static final List<String> REQUESTS = List.of(
            "{\"access_token\":{\"tos_version\":null}}",
            "{\"access_token\":{\"xms_cc\":{\"values\":[\"cp1\"]}}}",
            "{\"access_token\":{\"tos_version\":null,\"xms_cc\":{\"values\":[\"cp1\"]}}}",
            "{\"id_token\":{\"auth_time\":{\"essential\":true}}}");

    @Test
    void interleavedFlowsNeverSeeEachOthersClaims(KeycloakServer server) throws Exception {
        OidcClient spa = OidcClient.spa(server);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int thread = 0; thread < 6; thread++) {
                int t = thread;
                results.add(pool.submit(() -> {
                    List<String> problems = new ArrayList<>();
                    Browser shared = new Browser(); // one SSO session for this thread's even flows
                    for (int i = 0; i < 4; i++) {
                        String claims = REQUESTS.get((t + i) % REQUESTS.size());
                        Browser browser = i % 2 == 0 ? shared : new Browser();
                        AuthorizationFlow flow = spa.authorize(browser, Map.of("claims", claims));
                        if (!flow.isCallback()) {
                            flow.login("alice", "alice-password");
                        }
                        Tokens tokens = spa.exchange(flow);
                        check(problems, claims, tokens.accessToken(), "issued");
                        check(problems, claims, spa.refresh(tokens.refreshTokenJwt(), Map.of()).accessToken(), "refreshed");
                    }
                    return problems;
                }));
            }
            List<String> problems = new ArrayList<>();
            for (Future<List<String>> result : results) {
                problems.addAll(result.get(5, TimeUnit.MINUTES));
            }
            assertTrue(problems.isEmpty(), String.join("\n", problems));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(200, spa.login("alice", "alice-password", Map.of()).status(), "Keycloak still serves");
    }

    private static void check(List<String> problems, String claims, Map<String, Object> token, String when) {
        boolean wantsTos = claims.contains("tos_version");
        boolean wantsCp1 = claims.contains("xms_cc");
        if (wantsTos != token.containsKey("tos_version") || wantsCp1 != token.containsKey("xms_cc")) {
            problems.add(when + " token for " + claims + " has tos_version=" + token.get("tos_version") + ", xms_cc=" + token.get("xms_cc"));
        }
    }
}

package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.DistributionKeycloak;
import dev.claimschallenge.keycloak.it.support.ItConfig;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.PostgresServer;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Keycloak nodes with the extension, one PostgreSQL database, Keycloak's embedded Infinispan
 * clustering (JDBC_PING discovery through that database) on loopback. Both nodes have node A's URL
 * as their front-end hostname, as a load balancer's URL would be: tokens issued on one are valid on
 * the other. Runs in the {@code cluster} Maven profile, on by default ({@code -DskipCluster} turns
 * it off); skipped with a message where no PostgreSQL server is installed.
 */
class ClusterIT {

    private static final Pattern CLUSTER_VIEW = Pattern.compile("ISPN000094: Received new cluster view[^\\n]*\\((\\d+)\\)");
    private static final String TOS_AND_EMAIL = "{\"access_token\":{\"tos_version\":{\"essential\":true},\"email_verified\":null}}";

    private static PostgresServer postgres;
    private static DistributionKeycloak nodeA;
    private static DistributionKeycloak nodeB;

    @BeforeAll
    static void startTwoNodesOnOneDatabase() throws IOException {
        Path bin = PostgresServer.binaries().orElse(null);
        Assumptions.assumeTrue(bin != null, "No PostgreSQL server binaries (Debian package postgresql, or -Dit.postgres.bin): "
                + "the cluster test is skipped; .ci/run installs them");
        Assumptions.assumeTrue(java.nio.file.Files.isExecutable(ItConfig.secondDistribution().resolve("bin/kc.sh")),
                "the cluster test runs on the unpacked distributions (it.keycloak=dist)");
        Path target = ItConfig.logFile().getParent();
        postgres = PostgresServer.start(bin, target.resolve("postgres"));
        int httpA = DistributionKeycloak.freePort();
        // both nodes name node A's URL as the front end: the issuer a load balancer would give them
        List<String> shared = new ArrayList<>(postgres.keycloakOptions());
        shared.addAll(List.of("--cache=ispn", "--cache-embedded-network-bind-address=127.0.0.1",
                "--hostname=http://127.0.0.1:" + httpA));
        nodeA = DistributionKeycloak.start(ItConfig.distribution(), target.resolve("keycloak-node-a.log"), ItConfig.realmFile(),
                httpA, withTransportPort(shared));
        nodeB = DistributionKeycloak.start(ItConfig.secondDistribution(), target.resolve("keycloak-node-b.log"), ItConfig.realmFile(),
                DistributionKeycloak.freePort(), withTransportPort(shared));
        awaitClusterOfTwo();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {nodeB, nodeA, postgres}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                System.err.println("Could not stop " + closeable + ": " + e.getMessage());
            }
        }
    }

    @Test
    void loggedInOnNodeARefreshedAndEvaluatedOnNodeBWithTheSameClaims() {
        Tokens onA = OidcClient.spa(nodeA).login("alice", "alice-password", Map.of("claims", TOS_AND_EMAIL));
        assertEquals("2024-06", onA.accessToken().get("tos_version"), () -> onA.accessToken().toString());
        assertEquals(true, onA.accessToken().get("email_verified"));

        Tokens onB = OidcClient.spa(nodeB).refresh(onA.refreshTokenJwt(), Map.of());

        assertEquals(200, onB.status(), () -> onB.json() + "\n" + nodeB.logTail(40));
        assertNotEquals(onA.accessTokenJwt(), onB.accessTokenJwt());
        assertEquals("2024-06", onB.accessToken().get("tos_version"));
        assertEquals(true, onB.accessToken().get("email_verified"));
        assertEquals(onA.accessToken().get("acr"), onB.accessToken().get("acr"));
        assertEquals(onA.accessToken().get("sid"), onB.accessToken().get("sid"));

        // node B's evaluate checks node A's token against demo-api's example policy: only acr gold is missing
        for (Tokens tokens : List.of(onA, onB)) {
            Map<String, Object> answer = ResourceServerIT.evaluate(nodeB, tokens.accessTokenJwt());
            assertEquals(true, answer.get("active"), answer::toString);
            assertEquals(List.of("acr"), answer.get("missing"), answer::toString);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPolicyChangedOnNodeAAppliesOnNodeB() {
        String token = OidcClient.spa(nodeA).login("bob", "bob-password", Map.of()).accessTokenJwt();
        // node B reads (and caches) demo-api's policy first
        assertEquals(List.of("email_verified", "tos_version", "acr"), ResourceServerIT.evaluate(nodeB, token).get("missing"));

        AdminApi adminA = new AdminApi(nodeA);
        Map<String, Object> policy = List.of(adminA.get(PolicyAdminApiIT.POLICIES, Map[].class)).stream()
                .map(p -> (Map<String, Object>) p)
                .filter(p -> "demo-api".equals(p.get("client_id"))).findFirst().orElseThrow();
        String id = (String) policy.get("id");
        Map<String, Object> changed = new LinkedHashMap<>(policy);
        changed.remove("id");
        changed.put("required_claims", List.of(Map.of("name", "department", "values", List.of("research")))); // bob is in sales
        changed.put("acr_values", List.of());
        try {
            assertEquals(200, adminA.send("PUT", PolicyAdminApiIT.POLICIES + "/" + id, changed).statusCode());

            Map<String, Object> answer = awaitEvaluation(nodeB, token, List.of("department"));
            assertEquals(List.of("department"), answer.get("missing"), answer::toString);
            List<Map<String, Object>> readOnB = (List<Map<String, Object>>) new AdminApi(nodeB)
                    .get(PolicyAdminApiIT.POLICIES + "/" + id, Map.class).get("required_claims");
            assertEquals(List.of("department"), readOnB.stream().map(c -> c.get("name")).toList());
        } finally {
            Map<String, Object> original = new LinkedHashMap<>(policy);
            original.remove("id");
            adminA.send("PUT", PolicyAdminApiIT.POLICIES + "/" + id, original);
        }
    }

    /** Invalidation crosses the cluster asynchronously: allow it a few seconds, no more. */
    private static Map<String, Object> awaitEvaluation(DistributionKeycloak node, String token, List<String> expectedMissing) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        Map<String, Object> answer = ResourceServerIT.evaluate(node, token);
        while (!expectedMissing.equals(answer.get("missing")) && Instant.now().isBefore(deadline)) {
            sleep(200);
            answer = ResourceServerIT.evaluate(node, token);
        }
        return answer;
    }

    /** The JGroups port, and the failure-detection port JGroups derives from it (+50000), both free. */
    private static List<String> withTransportPort(List<String> shared) throws IOException {
        for (int port = 7800 + (int) (ProcessHandle.current().pid() % 2000); port < 15000; port++) {
            if (isFree(port) && isFree(port + 50000)) {
                List<String> options = new ArrayList<>(shared);
                options.add("--cache-embedded-network-bind-port=" + port);
                return options;
            }
        }
        throw new IllegalStateException("no free port pair for JGroups between 7800 and 15000");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitClusterOfTwo() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (lastViewSize(nodeA) == 2 && lastViewSize(nodeB) == 2) {
                return;
            }
            sleep(500);
        }
        throw new AssertionError("The nodes did not form one cluster: last views " + lastViewSize(nodeA) + " and "
                + lastViewSize(nodeB) + "\n--- node B ---\n" + nodeB.logTail(60));
    }

    private static int lastViewSize(DistributionKeycloak node) {
        Matcher matcher = CLUSTER_VIEW.matcher(node.log());
        int size = 0;
        while (matcher.find()) {
            size = Integer.parseInt(matcher.group(1));
        }
        return size;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

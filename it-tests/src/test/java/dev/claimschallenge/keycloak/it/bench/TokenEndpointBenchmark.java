package dev.claimschallenge.keycloak.it.bench;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.DistributionKeycloak;
import dev.claimschallenge.keycloak.it.support.ItConfig;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stock Keycloak against Keycloak with the extension, same machine, same run, same realm data
 * (run with {@code mvn -Pbenchmark verify}; not part of the normal build). Scenarios run one
 * after another in alternating rounds, on loopback, bounded in time. Writes
 * {@code target/benchmark/results.md}.
 */
@ExtendWith(KeycloakExtension.class)
class TokenEndpointBenchmark {

    static final int SECONDS = Integer.getInteger("bench.seconds", 6);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final int THREADS = Integer.getInteger("bench.threads", 2);
    static final String FIVE_CLAIMS_AND_ACR = "{\"access_token\":{\"c1\":null,\"c2\":null,\"c3\":null,\"c4\":null,\"c5\":null,"
            + "\"acr\":{\"essential\":true,\"values\":[\"silver\"]}}}";

    record Scenario(String name, Supplier<Integer> request, int threads) {
    }

    record Result(String name, double throughput, double p50, double p99, long count) {
    }

    @Test
    void compareWithStockKeycloak(KeycloakServer withJar) throws Exception {
        Path stockRealm = DistributionKeycloak.stockRealmFile(ItConfig.realmFile());
        try (DistributionKeycloak stock = DistributionKeycloak.start(ItConfig.secondDistribution(),
                ItConfig.logFile().resolveSibling("keycloak-stock.log"), stockRealm, false)) {
            String stockStatic = benchClient(stock, true);
            String jarDynamic = benchClient(withJar, false);
            String stockRefresh = OidcClient.spa(stock).login("alice", "alice-password", Map.of()).refreshTokenJwt();
            String jarRefresh = OidcClient.spa(withJar).login("alice", "alice-password", Map.of()).refreshTokenJwt();
            OidcClient dynamic = spaLike(withJar, jarDynamic);
            Tokens dynamicTokens = dynamic.login("alice", "alice-password", Map.of("claims", FIVE_CLAIMS_AND_ACR));
            if (!"v5".equals(dynamicTokens.accessToken().get("c5"))) {
                throw new AssertionError("the requested claims are not in the token: " + dynamicTokens.accessToken());
            }
            OidcClient staticClient = spaLike(stock, stockStatic);
            String staticRefresh = staticClient.login("alice", "alice-password", Map.of()).refreshTokenJwt();
            OidcClient api = new OidcClient(withJar, "demo-api", "demo-api-secret", null);
            OidcClient stockApi = new OidcClient(stock, "demo-api", "demo-api-secret", null);
            String accessToken = dynamicTokens.accessTokenJwt();
            String stockAccessToken = OidcClient.spa(stock).login("alice", "alice-password", Map.of()).accessTokenJwt();
            String plainAccessToken = OidcClient.spa(withJar).login("alice", "alice-password", Map.of()).accessTokenJwt();

            List<Scenario> scenarios = List.of(
                    new Scenario("a) refresh, stock Keycloak", () -> OidcClient.spa(stock).refresh(stockRefresh, Map.of()).status(), THREADS),
                    new Scenario("b) refresh, with the jar, no claims request", () -> OidcClient.spa(withJar).refresh(jarRefresh, Map.of()).status(), THREADS),
                    new Scenario("c) refresh, with the jar, 5 requested claims + acr", () -> dynamic.refresh(dynamicTokens.refreshTokenJwt(), Map.of()).status(), THREADS),
                    new Scenario("d) refresh, stock Keycloak, 5 static mappers", () -> staticClient.refresh(staticRefresh, Map.of()).status(), THREADS),
                    new Scenario("e) token introspection, stock Keycloak (as the API), plain token", () -> stockApi.introspect(stockAccessToken).status(), THREADS),
                    new Scenario("f) claims-challenge evaluate, with the jar (as the API), plain token", () -> api.postJson("/claims-challenge/evaluate", Map.of("token", plainAccessToken)).status(), THREADS),
                    new Scenario("j) claims-challenge evaluate, with the jar, token with 5 claims + acr", () -> api.postJson("/claims-challenge/evaluate", Map.of("token", accessToken)).status(), THREADS),
                    new Scenario("i) token introspection, with the jar, token with 5 claims + acr", () -> api.introspect(accessToken).status(), THREADS),
                    new Scenario("g) full code flow, stock Keycloak", () -> OidcClient.spa(stock).login("alice", "alice-password", Map.of()).status(), 1),
                    new Scenario("h) full code flow, with the jar, 5 claims + acr", () -> dynamic.login("alice", "alice-password", Map.of("claims", FIVE_CLAIMS_AND_ACR)).status(), 1));

            for (Scenario scenario : scenarios) {
                measure(scenario, Math.max(2, SECONDS / 2)); // warm-up, discarded
            }
            Map<String, List<Result>> results = new LinkedHashMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (Scenario scenario : scenarios) {
                    results.computeIfAbsent(scenario.name(), k -> new ArrayList<>()).add(measure(scenario, SECONDS));
                }
            }
            report(results);
        }
    }

    private static Result measure(Scenario scenario, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(scenario.threads());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int t = 0; t < scenario.threads(); t++) {
            futures.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    int status = scenario.request().get();
                    if (status != 200) {
                        throw new AssertionError(scenario.name() + " answered " + status);
                    }
                    latencies.add(System.nanoTime() - start);
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> future : futures) {
            all.addAll(future.get(seconds + 120L, TimeUnit.SECONDS));
        }
        pool.shutdownNow();
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(scenario.name(), sorted.length / (double) seconds,
                sorted[(int) (sorted.length * 0.50)] / 1e6, sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6, sorted.length);
    }

    private static void report(Map<String, List<Result>> results) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Rounds: %d x %d s per scenario, %d client threads for refresh/introspection, 1 for code flows; "
                        + "Java %s; the load generator sees %d core(s); Keycloak CPUs: %s.%n%n",
                ROUNDS, SECONDS, THREADS, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                ItConfig.keycloakCpus().isEmpty() ? "not pinned" : ItConfig.keycloakCpus()));
        md.append("| scenario | throughput (req/s, median of rounds) | p50 (ms) | p99 (ms) | requests |\n|---|---|---|---|---|\n");
        Map<String, Double> throughput = new LinkedHashMap<>();
        results.forEach((name, rounds) -> {
            double t = median(rounds.stream().mapToDouble(Result::throughput).toArray());
            throughput.put(name.substring(0, 1), t);
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %.2f | %d |%n", name, t,
                    median(rounds.stream().mapToDouble(Result::p50).toArray()),
                    median(rounds.stream().mapToDouble(Result::p99).toArray()),
                    rounds.stream().mapToLong(Result::count).sum()));
        });
        md.append(String.format(Locale.ROOT, "%n| ratio (throughput) | value | goal |%n|---|---|---|%n"
                        + "| b/a jar without claims vs stock | %.3f | >= 0.97 |%n"
                        + "| c/d 5 requested claims + acr vs 5 static mappers | %.3f | >= 0.97 |%n"
                        + "| f/e evaluate vs stock introspection (plain tokens) | %.3f | >= 1.0 |%n"
                        + "| j/e evaluate of a token with 5 claims + acr vs stock introspection | %.3f | |%n"
                        + "| j/i evaluate vs introspection, same server, same token | %.3f | |%n"
                        + "| i/e introspection with the jar vs stock | %.3f | |%n"
                        + "| h/g code flow with claims vs stock | %.3f | |%n",
                throughput.get("b") / throughput.get("a"), throughput.get("c") / throughput.get("d"),
                throughput.get("f") / throughput.get("e"), throughput.get("j") / throughput.get("e"),
                throughput.get("j") / throughput.get("i"),
                throughput.get("i") / throughput.get("e"),
                throughput.get("h") / throughput.get("g")));
        Path out = Path.of(System.getProperty("it.screenshots", "target/screenshots")).resolveSibling("benchmark");
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.md"), md);
        System.out.println("\n" + md);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** A demo-spa-like client with 5 hardcoded-claim mappers: in the access token (static) or ID token only (dynamic). */
    private static String benchClient(KeycloakServer server, boolean inAccessToken) {
        AdminApi admin = new AdminApi(server);
        String clientId = admin.createSpaLikeClient("bench-" + (inAccessToken ? "static" : "dynamic"), Map.of());
        for (int i = 1; i <= 5; i++) {
            admin.addProtocolMapper(clientId, Map.of("name", "c" + i, "protocol", "openid-connect",
                    "protocolMapper", "oidc-hardcoded-claim-mapper",
                    "config", Map.of("claim.name", "c" + i, "claim.value", "v" + i, "jsonType.label", "String",
                            "id.token.claim", "true", "access.token.claim", String.valueOf(inAccessToken),
                            "userinfo.token.claim", "true", "introspection.token.claim", String.valueOf(inAccessToken))));
        }
        return clientId;
    }

    private static OidcClient spaLike(KeycloakServer server, String clientId) {
        return new OidcClient(server, clientId, null, OidcClient.DEFAULT_REDIRECT_URI);
    }
}

package dev.claimschallenge.keycloak.it.bench;

import dev.claimschallenge.keycloak.it.support.ItConfig;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ratios measured on ONE Keycloak, one realm, in one run: each pair's two sides alternate in
 * ABBA order over the rounds, after a warm-up, so that both sides see the same server, the same
 * JIT state and the same neighbours on the machine. An A/A pair (the same request on both sides)
 * shows how far two identical sides drift apart. Run with
 * {@code mvn -Pbenchmark verify -Dit.test=SameServerBenchmark} (see docs/performance.md); writes
 * {@code target/benchmark/same-server-<threads>-threads.md}.
 *
 * <p>The load: {@code bench.threads} threads (default 8) sending requests back to back through
 * one shared {@link java.net.http.HttpClient}; pin Keycloak away from the test JVM
 * ({@code -Dit.keycloak.cpus}) so the generator does not compete with the server for a core.
 */
@ExtendWith(KeycloakExtension.class)
class SameServerBenchmark {

    static final int SECONDS = Integer.getInteger("bench.seconds", 5);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 6);
    static final int THREADS = Integer.getInteger("bench.threads", 8);
    /** Requests in the first half second of every measurement are not counted (connections, caches). */
    static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    static final String FIVE_CLAIMS = "{\"access_token\":{\"c1\":null,\"c2\":null,\"c3\":null,\"c4\":null,\"c5\":null}}";

    /** One request of a scenario; answers normally only when Keycloak answered as expected. */
    interface Request {
        void send() throws Exception;
    }

    /** Runs before and after a side is measured (the realm switch). */
    interface Toggle {
        void set(boolean before) throws Exception;
    }

    record Side(String name, Request request, Toggle toggle) {
        Side(String name, Request request) {
            this(name, request, null);
        }
    }

    record Pair(String id, String question, Side a, Side b, Double goal) {
    }

    record Measurement(double throughput, double p50, double p99, long count, double generatorCpu) {
    }

    @Test
    void ratiosOnOneServer(KeycloakServer server) throws Exception {
        BenchHttp http = new BenchHttp(server);
        BenchRealm realm = new BenchRealm(http);
        realm.setUp();

        String plainRefresh = http.codeFlow(BenchRealm.PLAIN, null).refreshToken();
        BenchHttp.Tokens requested = http.codeFlow(BenchRealm.REQUESTED, FIVE_CLAIMS);
        BenchHttp.Tokens fixed = http.codeFlow(BenchRealm.STATIC, null);
        requireClaims("requested grant", requested.accessTokenClaims(), true);
        requireClaims("static client", fixed.accessTokenClaims(), true);
        requireClaims("requested grant, refreshed", http.refresh(BenchRealm.REQUESTED, requested.refreshToken()), true);
        Map<String, Object> evaluated = http.evaluate(requested.accessToken());
        if (!Boolean.FALSE.equals(evaluated.get("satisfied")) || evaluated.get("www_authenticate") == null) {
            throw new AssertionError("evaluate should find the token unsatisfied and build a challenge: " + evaluated);
        }
        if (!Boolean.TRUE.equals(http.introspect(requested.accessToken()).get("active"))) {
            throw new AssertionError("introspection should find the token active");
        }
        // the switch works: with the extension off for the realm, the requested claims are gone
        realm.enable(false);
        requireClaims("requested grant, extension off", http.refresh(BenchRealm.REQUESTED, requested.refreshToken()), false);
        realm.enable(true);
        requireClaims("requested grant, extension on again", http.refresh(BenchRealm.REQUESTED, requested.refreshToken()), true);

        Toggle extensionOff = before -> realm.enable(!before);
        List<Pair> pairs = List.of(
                new Pair("A/A", "control: the same plain refresh on both sides",
                        new Side("refresh, plain client", () -> http.refresh(BenchRealm.PLAIN, plainRefresh)),
                        new Side("refresh, plain client (again)", () -> http.refresh(BenchRealm.PLAIN, plainRefresh)), null),
                new Pair("1", "refresh: grant that requested 5 claims / client with 5 static access-token mappers",
                        new Side("refresh, 5 static access-token mappers", () -> http.refresh(BenchRealm.STATIC, fixed.refreshToken())),
                        new Side("refresh, grant that requested the 5 claims", () -> http.refresh(BenchRealm.REQUESTED, requested.refreshToken())), 1.00),
                new Pair("2", "refresh: extension on / realm with claims-challenge.enabled=false (no claims, no policy)",
                        new Side("refresh, plain client, extension off", () -> http.refresh(BenchRealm.PLAIN, plainRefresh), extensionOff),
                        new Side("refresh, plain client, extension on", () -> http.refresh(BenchRealm.PLAIN, plainRefresh)), 0.99),
                new Pair("3", "evaluate (unsatisfied, challenge built) / Keycloak's introspection, same token, same RS client",
                        new Side("introspection by demo-api", () -> http.introspect(requested.accessToken())),
                        new Side("evaluate by demo-api", () -> http.evaluate(requested.accessToken())), 1.20),
                new Pair("4", "code flow (login form, code exchange): 5-claim request / none",
                        new Side("code flow, no claims request", () -> http.codeFlow(BenchRealm.REQUESTED, null)),
                        new Side("code flow, 5-claim request", () -> http.codeFlow(BenchRealm.REQUESTED, FIVE_CLAIMS)), 0.98));

        for (Pair pair : pairs) { // warm-up, discarded
            measure(pair.a(), Math.max(2, SECONDS / 2));
            measure(pair.b(), Math.max(2, SECONDS / 2));
        }
        Map<Pair, List<Measurement[]>> results = new java.util.LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (Pair pair : pairs) {
                Measurement[] sides = new Measurement[2];
                boolean aFirst = round % 2 == 0; // ABBA: A B | B A | A B ...
                if (aFirst) {
                    sides[0] = measure(pair.a(), SECONDS);
                    sides[1] = measure(pair.b(), SECONDS);
                } else {
                    sides[1] = measure(pair.b(), SECONDS);
                    sides[0] = measure(pair.a(), SECONDS);
                }
                results.computeIfAbsent(pair, k -> new ArrayList<>()).add(sides);
            }
        }
        report(results);
    }

    private static void requireClaims(String what, Map<String, Object> claims, boolean present) {
        boolean has = claims.keySet().containsAll(List.of("c1", "c2", "c3", "c4", "c5"));
        if (has != present) {
            throw new AssertionError(what + ": the 5 claims should " + (present ? "" : "not ") + "be in the access token: " + claims);
        }
    }

    private static Measurement measure(Side side, int seconds) throws Exception {
        if (side.toggle() != null) {
            side.toggle().set(true);
        }
        try {
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            long start = System.nanoTime();
            long from = start + SETTLE_NANOS;
            long end = from + TimeUnit.SECONDS.toNanos(seconds);
            long cpuFrom = os.getProcessCpuTime();
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    List<Long> latencies = new ArrayList<>();
                    while (true) {
                        long begin = System.nanoTime();
                        if (begin >= end) {
                            return latencies;
                        }
                        side.request().send();
                        long done = System.nanoTime();
                        if (begin >= from && done <= end) {
                            latencies.add(done - begin);
                        }
                    }
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> future : futures) {
                all.addAll(future.get(seconds + 120L, TimeUnit.SECONDS));
            }
            long cpu = os.getProcessCpuTime() - cpuFrom;
            long wall = System.nanoTime() - start;
            pool.shutdownNow();
            long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
            if (sorted.length == 0) {
                throw new AssertionError(side.name() + ": no request finished within " + seconds + " s");
            }
            return new Measurement(sorted.length / (double) seconds, sorted[sorted.length / 2] / 1e6,
                    sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6, sorted.length, cpu / (double) wall);
        } finally {
            if (side.toggle() != null) {
                side.toggle().set(false);
            }
        }
    }

    private static void report(Map<Pair, List<Measurement[]>> results) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "One Keycloak %s, realm claims-demo. %d rounds x %d s per side in ABBA order after a warm-up; "
                        + "%d client threads on one shared HttpClient; the load generator sees %d core(s); Keycloak CPUs: %s; Java %s.%n%n",
                ItConfig.keycloakVersion(), ROUNDS, SECONDS, THREADS, Runtime.getRuntime().availableProcessors(),
                ItConfig.keycloakCpus().isEmpty() ? "not pinned" : ItConfig.keycloakCpus(), System.getProperty("java.version")));
        md.append("| pair | ratio b/a (throughput), median (min-max) | goal | met | per-round ratios |\n|---|---|---|---|---|\n");
        results.forEach((pair, rounds) -> {
            double[] ratios = rounds.stream().mapToDouble(sides -> sides[1].throughput() / sides[0].throughput()).toArray();
            double median = median(ratios);
            md.append(String.format(Locale.ROOT, "| %s %s | **%.3f** (%.3f-%.3f) | %s | %s | %s |%n", pair.id(), pair.question(), median,
                    Arrays.stream(ratios).min().orElse(0), Arrays.stream(ratios).max().orElse(0),
                    pair.goal() == null ? "" : String.format(Locale.ROOT, ">= %.2f", pair.goal()),
                    pair.goal() == null ? "" : median >= pair.goal() ? "yes" : "**no**",
                    Arrays.stream(ratios).mapToObj(r -> String.format(Locale.ROOT, "%.3f", r)).reduce((x, y) -> x + " " + y).orElse("")));
        });
        md.append("\n| side | req/s median (min-max) | p50 ms | p99 ms | requests | generator CPU (share of one core) |\n|---|---|---|---|---|---|\n");
        results.forEach((pair, rounds) -> {
            for (int s = 0; s < 2; s++) {
                int side = s;
                double[] throughput = rounds.stream().mapToDouble(sides -> sides[side].throughput()).toArray();
                md.append(String.format(Locale.ROOT, "| %s%s %s | %.1f (%.1f-%.1f) | %.2f | %.2f | %d | %.2f |%n", pair.id(), side == 0 ? "a" : "b",
                        side == 0 ? pair.a().name() : pair.b().name(), median(throughput),
                        Arrays.stream(throughput).min().orElse(0), Arrays.stream(throughput).max().orElse(0),
                        median(rounds.stream().mapToDouble(sides -> sides[side].p50()).toArray()),
                        median(rounds.stream().mapToDouble(sides -> sides[side].p99()).toArray()),
                        rounds.stream().mapToLong(sides -> sides[side].count()).sum(),
                        median(rounds.stream().mapToDouble(sides -> sides[side].generatorCpu()).toArray())));
            }
        });
        Path out = Path.of(System.getProperty("it.screenshots", "target/screenshots")).resolveSibling("benchmark");
        Files.createDirectories(out);
        Files.writeString(out.resolve("same-server-" + THREADS + "-threads.md"), md);
        System.out.println("\n" + md);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

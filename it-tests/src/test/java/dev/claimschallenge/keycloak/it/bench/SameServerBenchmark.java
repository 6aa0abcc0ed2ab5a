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
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ratios measured on ONE Keycloak, one realm, in one run, after a warm-up. In every round each
 * pair's two sides take turns in short slices in ABBA order (A B B A A B B A, the next round
 * B A A B ...), and every slice ends only when its last request is answered: slow drifts (session
 * growth, JIT, heap) and bursts (GC, background tasks, neighbours on the machine) then fall on
 * both sides about equally, and no side pays for the other's requests still in flight. A side's
 * figures in a round are the sums over its slices. An A/A pair (the same request on both sides)
 * shows how far two identical sides drift apart. Run with
 * {@code mvn -Pbenchmark verify -Dit.test=SameServerBenchmark} (see docs/performance.md); writes
 * {@code target/benchmark/same-server-<threads>-threads.md}.
 *
 * <p>The load: {@code bench.threads} threads (default 8; {@code 8,16} measures both in turn) sending requests back to back through
 * one shared {@link java.net.http.HttpClient}; pin Keycloak away from the test JVM
 * ({@code -Dit.keycloak.cpus}) so the generator does not compete with the server for a core.
 */
@ExtendWith(KeycloakExtension.class)
class SameServerBenchmark {

    static final int SECONDS = Integer.getInteger("bench.seconds", 5);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 6);
    /** Client threads; a comma-separated list measures each in turn (e.g. {@code 8,16}: does doubling change a ratio?). */
    static final List<Integer> THREADS = Arrays.stream(System.getProperty("bench.threads", "8").split(","))
            .map(String::trim).map(Integer::valueOf).toList();
    /**
     * ABBA blocks per side and round for the short requests (refresh, evaluate): each side's
     * {@code bench.seconds} of a round are cut into {@code 2 x bench.blocks} slices. The code flow,
     * whose requests take about a second, runs one block of two longer slices per side.
     */
    static final int BLOCKS = Integer.getInteger("bench.blocks", 2);
    /** Only these pairs (ids, comma-separated, e.g. {@code 1,4}), for profiling; all when unset. */
    static final String PAIRS = System.getProperty("bench.pairs", "");
    /** Prints each slice's side and wall-clock span, to split a profile of the server (JFR) by side. */
    static final boolean TRACE = Boolean.getBoolean("bench.trace");

    static final String FIVE_CLAIMS = "{\"access_token\":{\"c1\":null,\"c2\":null,\"c3\":null,\"c4\":null,\"c5\":null}}";

    /** One request of a scenario; answers normally only when Keycloak answered as expected. */
    interface Request {
        void send() throws Exception;
    }

    /** Runs between slices, outside the measured time (the realm switch, a fresh token). */
    interface Action {
        void run() throws Exception;
    }

    /** {@code prepare}: runs before each of the side's slices, or {@code null}. */
    record Side(String name, Request request, Action prepare) {
        Side(String name, Request request) {
            this(name, request, null);
        }
    }

    /**
     * {@code beforeRound}: runs before the pair's slices in every round (and the warm-up);
     * {@code afterRound}: after them; either may be {@code null}. {@code blocks}: ABBA blocks per round.
     */
    record Pair(String id, String question, Side a, Side b, Double goal, int blocks, Action beforeRound, Action afterRound) {
        Pair(String id, String question, Side a, Side b, Double goal) {
            this(id, question, a, b, goal, BLOCKS, null, null);
        }
    }

    /**
     * One side of one round. {@code serverCpuPerRequest}: the Keycloak JVM's CPU time over the side
     * divided by the requests it answered; its inverse ratio is the throughput ratio on a core of
     * its own (a neighbour that takes the core takes wall time, not CPU time; one that shares
     * caches and memory still slows Keycloak down). {@code serverCpuWithoutJitPerRequest}: the
     * same without the JIT compiler threads' CPU time ({@link JitThreads}).
     */
    record Measurement(double throughput, double p50, double p99, long count, double generatorCpu, double serverCpuPerRequest,
            double serverCpuWithoutJitPerRequest) {
    }

    /** The Keycloak JVM (not its kc.sh parent), found by its http port, for its CPU time. */
    static ProcessHandle keycloakJvm;

    @Test
    void ratiosOnOneServer(KeycloakServer server) throws Exception {
        String port = "--http-port=" + java.net.URI.create(server.baseUrl()).getPort();
        keycloakJvm = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false)
                        && p.info().commandLine().map(c -> c.contains(port + " ") || c.endsWith(port)).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no Keycloak JVM with " + port));
        BenchHttp http = new BenchHttp(server);
        BenchRealm realm = new BenchRealm(http);
        realm.setUp();

        String plainRefresh = http.codeFlow(BenchRealm.PLAIN, null).refreshToken();
        BenchHttp.Tokens requested = http.codeFlow(BenchRealm.REQUESTED, FIVE_CLAIMS);
        BenchHttp.Tokens fixed = http.codeFlow(BenchRealm.STATIC, null);
        BenchHttp.Tokens fiveOfTwenty = http.codeFlow(BenchRealm.REQUESTED_OF_TWENTY, FIVE_CLAIMS);
        BenchHttp.Tokens fixedTwenty = http.codeFlow(BenchRealm.STATIC_TWENTY, null);
        requireClaims("requested grant", requested.accessTokenClaims(), true);
        requireClaims("static client", fixed.accessTokenClaims(), true);
        requireClaims("requested grant, refreshed", http.refresh(BenchRealm.REQUESTED, requested.refreshToken()), true);
        Map<String, Object> fiveOfTwentyClaims = http.refresh(BenchRealm.REQUESTED_OF_TWENTY, fiveOfTwenty.refreshToken());
        requireClaims("grant that requested 5 of 20, refreshed", fiveOfTwentyClaims, true);
        if (fiveOfTwentyClaims.containsKey("c6") || !http.refresh(BenchRealm.STATIC_TWENTY, fixedTwenty.refreshToken()).containsKey("c20")) {
            throw new AssertionError("the 5-of-20 grant should carry c1..c5 only, the 20-static client c1..c20");
        }
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

        // both sides of pair 2 write the realm before each slice, so both pay the same realm reload after it
        Action extensionOff = () -> realm.enable(false);
        Action extensionOn = () -> realm.enable(true);
        // the realm's access tokens live 5 minutes, a run longer: each round judges a fresh token of the same grant, both sides the same one
        java.util.concurrent.atomic.AtomicReference<String> judged = new java.util.concurrent.atomic.AtomicReference<>(requested.accessToken());
        Action freshToken = () -> judged.set(http.refreshedAccessToken(BenchRealm.REQUESTED, requested.refreshToken()));
        List<Pair> pairs = List.of(
                new Pair("A/A", "control: the same plain refresh on both sides",
                        new Side("refresh, plain client", () -> http.refresh(BenchRealm.PLAIN, plainRefresh)),
                        new Side("refresh, plain client (again)", () -> http.refresh(BenchRealm.PLAIN, plainRefresh)), null),
                new Pair("1", "refresh: grant that requested 5 claims / client with 5 static access-token mappers",
                        new Side("refresh, 5 static access-token mappers", () -> http.refresh(BenchRealm.STATIC, fixed.refreshToken())),
                        new Side("refresh, grant that requested the 5 claims", () -> http.refresh(BenchRealm.REQUESTED, requested.refreshToken())), 1.00),
                new Pair("2", "refresh: extension on / realm with claims-challenge.enabled=false (no claims, no policy)",
                        new Side("refresh, plain client, extension off", () -> http.refresh(BenchRealm.PLAIN, plainRefresh), extensionOff),
                        new Side("refresh, plain client, extension on", () -> http.refresh(BenchRealm.PLAIN, plainRefresh), extensionOn),
                        0.99, BLOCKS, null, extensionOn),
                new Pair("3", "evaluate (unsatisfied, challenge built) / Keycloak's introspection, same token, same RS client",
                        new Side("introspection by demo-api", () -> http.introspect(judged.get())),
                        new Side("evaluate by demo-api", () -> http.evaluate(judged.get())), 1.20, BLOCKS, freshToken, null),
                new Pair("4", "code flow (login form, code exchange): 5-claim request / none",
                        new Side("code flow, no claims request", () -> http.codeFlow(BenchRealm.REQUESTED, null)),
                        new Side("code flow, 5-claim request", () -> http.codeFlow(BenchRealm.REQUESTED, FIVE_CLAIMS)), 0.98, 1, null, null),
                // not one of issue 12's goals: the case its premise describes, every claim any API needs on every token
                new Pair("5", "refresh: grant that requested 5 of 20 claims / client with the 20 mappers in the access token",
                        new Side("refresh, 20 static access-token mappers", () -> http.refresh(BenchRealm.STATIC_TWENTY, fixedTwenty.refreshToken())),
                        new Side("refresh, grant that requested 5 of the 20", () -> http.refresh(BenchRealm.REQUESTED_OF_TWENTY, fiveOfTwenty.refreshToken())),
                        null));

        if (!PAIRS.isBlank()) {
            List<String> only = Arrays.stream(PAIRS.split(",")).map(String::trim).toList();
            pairs = pairs.stream().filter(pair -> only.contains(pair.id())).toList();
        }
        for (int threads : THREADS) {
            for (Pair pair : pairs) { // warm-up, discarded
                run(pair.beforeRound());
                slice(pair.a(), TimeUnit.SECONDS.toMillis(Math.max(2, SECONDS / 2)), threads);
                slice(pair.b(), TimeUnit.SECONDS.toMillis(Math.max(2, SECONDS / 2)), threads);
                run(pair.afterRound());
            }
            Map<Pair, List<Measurement[]>> results = new java.util.LinkedHashMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (Pair pair : pairs) {
                    run(pair.beforeRound());
                    // ABBA slices: A B B A ... in even rounds, B A A B ... in odd ones
                    Side first = round % 2 == 0 ? pair.a() : pair.b();
                    Side second = first == pair.a() ? pair.b() : pair.a();
                    long sliceMillis = TimeUnit.SECONDS.toMillis(SECONDS) / (2L * pair.blocks());
                    List<Slice> firsts = new ArrayList<>();
                    List<Slice> seconds = new ArrayList<>();
                    for (int block = 0; block < pair.blocks(); block++) {
                        firsts.add(slice(first, sliceMillis, threads));
                        seconds.add(slice(second, sliceMillis, threads));
                        seconds.add(slice(second, sliceMillis, threads));
                        firsts.add(slice(first, sliceMillis, threads));
                    }
                    run(pair.afterRound());
                    Measurement[] sides = new Measurement[2];
                    sides[first == pair.a() ? 0 : 1] = Slice.sum(first.name(), firsts);
                    sides[first == pair.a() ? 1 : 0] = Slice.sum(second.name(), seconds);
                    results.computeIfAbsent(pair, k -> new ArrayList<>()).add(sides);
                }
            }
            report(results, threads);
        }
    }

    private static void run(Action action) throws Exception {
        if (action != null) {
            action.run();
        }
    }

    private static void requireClaims(String what, Map<String, Object> claims, boolean present) {
        boolean has = claims.keySet().containsAll(List.of("c1", "c2", "c3", "c4", "c5"));
        if (has != present) {
            throw new AssertionError(what + ": the 5 claims should " + (present ? "" : "not ") + "be in the access token: " + claims);
        }
    }

    /**
     * One slice of a side: every request answered from its start until the last one is done
     * (threads send no new request after {@code millis}), with the Keycloak JVM's CPU time over
     * exactly that time. The server is idle at both ends (the previous slice drained), so its CPU
     * time belongs to this slice's requests alone, first requests after a switch included.
     */
    record Slice(List<Long> latencies, long requests, long wallNanos, long serverCpuNanos, long jitCpuNanos, long generatorCpuNanos) {

        /** A side of a round: the sums of its slices. */
        static Measurement sum(String side, List<Slice> slices) {
            long[] sorted = slices.stream().flatMap(s -> s.latencies().stream()).mapToLong(Long::longValue).sorted().toArray();
            if (sorted.length == 0) {
                throw new AssertionError(side + ": no request finished");
            }
            long requests = slices.stream().mapToLong(Slice::requests).sum();
            double wall = slices.stream().mapToLong(Slice::wallNanos).sum();
            return new Measurement(requests / (wall / 1e9), sorted[sorted.length / 2] / 1e6,
                    sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6, requests,
                    slices.stream().mapToLong(Slice::generatorCpuNanos).sum() / wall,
                    slices.stream().mapToLong(Slice::serverCpuNanos).sum() / 1e6 / requests,
                    slices.stream().mapToLong(slice -> slice.serverCpuNanos() - slice.jitCpuNanos()).sum() / 1e6 / requests);
        }
    }

    private static Slice slice(Side side, long millis, int threads) throws Exception {
        run(side.prepare());
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long cpuFrom = os.getProcessCpuTime();
            Map<String, Long> jitFrom = JitThreads.cpuTicks(keycloakJvm.pid());
            long serverCpuFrom = serverCpuNanos();
            long start = System.nanoTime();
            long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    List<Long> latencies = new ArrayList<>();
                    while (true) {
                        long begin = System.nanoTime();
                        if (begin >= end) {
                            return latencies;
                        }
                        side.request().send();
                        latencies.add(System.nanoTime() - begin);
                    }
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> future : futures) {
                all.addAll(future.get(millis / 1000 + 120L, TimeUnit.SECONDS));
            }
            long wall = System.nanoTime() - start;
            if (TRACE) {
                long now = System.currentTimeMillis();
                System.out.printf(Locale.ROOT, "slice|%s|%d|%d%n", side.name(), now - wall / 1_000_000, now);
            }
            long serverCpu = serverCpuNanos() - serverCpuFrom;
            long jitCpu = JitThreads.nanosSince(keycloakJvm.pid(), jitFrom);
            return new Slice(all, all.size(), wall, serverCpu, jitCpu, os.getProcessCpuTime() - cpuFrom);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long serverCpuNanos() {
        return keycloakJvm.info().totalCpuDuration().map(java.time.Duration::toNanos)
                .orElseThrow(() -> new AssertionError("the CPU time of Keycloak's JVM cannot be read"));
    }

    private static void report(Map<Pair, List<Measurement[]>> results, int threads) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "One Keycloak %s, realm claims-demo. After a warm-up, %d rounds x %d s per side, in ABBA slices "
                        + "(%d per side and round; the code flow 2), each drained before the next; "
                        + "%d client threads on one shared HttpClient; the load generator sees %d core(s); Keycloak CPUs: %s; Java %s.%n%n",
                ItConfig.keycloakVersion(), ROUNDS, SECONDS, 2 * BLOCKS, threads, Runtime.getRuntime().availableProcessors(),
                ItConfig.keycloakCpus().isEmpty() ? "not pinned" : ItConfig.keycloakCpus(), System.getProperty("java.version")));
        md.append("Ratio b/a by Keycloak's CPU time per request (a's cost / b's cost: b's throughput relative to a's on a core "
                + "of Keycloak's own; a neighbour taking the core cannot inflate it, one sharing caches and memory can):\n\n");
        ToDoubleFunction<Measurement[]> byCpu = sides -> sides[0].serverCpuPerRequest() / sides[1].serverCpuPerRequest();
        ToDoubleFunction<Measurement[]> byCpuWithoutJit = sides -> sides[0].serverCpuWithoutJitPerRequest() / sides[1].serverCpuWithoutJitPerRequest();
        ratioTable(md, results, byCpu);
        md.append("\nRatio b/a by Keycloak's CPU time per request without its JIT compiler threads (" + JitThreads.DESCRIPTION + "):\n\n");
        ratioTable(md, results, byCpuWithoutJit);
        double spread = aaSpread(results, byCpu);
        double spreadWithoutJit = aaSpread(results, byCpuWithoutJit);
        md.append(String.format(Locale.ROOT, "%nThe goals are judged by the CPU measure whose A/A control spreads less in this run "
                + "(max-min of its per-round ratios): %s (whole JVM %.3f, without JIT threads %.3f).%n",
                spread <= spreadWithoutJit ? "the whole JVM" : "without JIT threads", spread, spreadWithoutJit));
        md.append("\nRatio b/a by wall-clock throughput (what the clients saw; includes every stall the shared machine caused):\n\n");
        ratioTable(md, results, sides -> sides[1].throughput() / sides[0].throughput());
        md.append("\n| side | req/s median (min-max) | p50 ms | p99 ms | requests | Keycloak CPU ms per request, median | the same without JIT threads "
                + "| generator CPU (share of one core) |\n|---|---|---|---|---|---|---|---|\n");
        results.forEach((pair, rounds) -> {
            for (int s = 0; s < 2; s++) {
                int side = s;
                double[] throughput = rounds.stream().mapToDouble(sides -> sides[side].throughput()).toArray();
                md.append(String.format(Locale.ROOT, "| %s%s %s | %.1f (%.1f-%.1f) | %.2f | %.2f | %d | %.3f | %.3f | %.2f |%n", pair.id(), side == 0 ? "a" : "b",
                        side == 0 ? pair.a().name() : pair.b().name(), median(throughput),
                        Arrays.stream(throughput).min().orElse(0), Arrays.stream(throughput).max().orElse(0),
                        median(rounds.stream().mapToDouble(sides -> sides[side].p50()).toArray()),
                        median(rounds.stream().mapToDouble(sides -> sides[side].p99()).toArray()),
                        rounds.stream().mapToLong(sides -> sides[side].count()).sum(),
                        median(rounds.stream().mapToDouble(sides -> sides[side].serverCpuPerRequest()).toArray()),
                        median(rounds.stream().mapToDouble(sides -> sides[side].serverCpuWithoutJitPerRequest()).toArray()),
                        median(rounds.stream().mapToDouble(sides -> sides[side].generatorCpu()).toArray())));
            }
        });
        Path out = Path.of(System.getProperty("it.screenshots", "target/screenshots")).resolveSibling("benchmark");
        Files.createDirectories(out);
        Files.writeString(out.resolve("same-server-" + threads + "-threads.md"), md);
        System.out.println("\n" + md);
    }

    /** The spread (max-min) of the A/A control's per-round {@code ratio}s; infinite without the A/A pair. */
    private static double aaSpread(Map<Pair, List<Measurement[]>> results, ToDoubleFunction<Measurement[]> ratio) {
        return results.entrySet().stream().filter(e -> e.getKey().id().equals("A/A")).findFirst()
                .map(e -> e.getValue().stream().mapToDouble(ratio).summaryStatistics())
                .map(stats -> stats.getMax() - stats.getMin()).orElse(Double.POSITIVE_INFINITY);
    }

    private static void ratioTable(StringBuilder md, Map<Pair, List<Measurement[]>> results,
            ToDoubleFunction<Measurement[]> ratio) {
        md.append("| pair | ratio b/a, median (min-max) | goal | met | per-round ratios |\n|---|---|---|---|---|\n");
        results.forEach((pair, rounds) -> {
            double[] ratios = rounds.stream().mapToDouble(ratio).toArray();
            double median = median(ratios);
            md.append(String.format(Locale.ROOT, "| %s %s | **%.3f** (%.3f-%.3f) | %s | %s | %s |%n", pair.id(), pair.question(), median,
                    Arrays.stream(ratios).min().orElse(0), Arrays.stream(ratios).max().orElse(0),
                    pair.goal() == null ? "" : String.format(Locale.ROOT, ">= %.2f", pair.goal()),
                    pair.goal() == null ? "" : median >= pair.goal() ? "yes" : "**no**",
                    Arrays.stream(ratios).mapToObj(r -> String.format(Locale.ROOT, "%.3f", r)).reduce((x, y) -> x + " " + y).orElse("")));
        });
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

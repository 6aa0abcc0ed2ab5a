package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.AuthorizationFlow;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.demo.DemoServer;
import dev.claimschallenge.keycloak.it.support.ItConfig;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fenced examples of {@code docs/*.md} run as written against the example realm, so they
 * cannot rot. Every fenced block carries a marker, an HTML comment on the line before it (not
 * rendered):
 * <ul>
 * <li>{@code <!-- example: policy -->}: a policy's JSON; created through the admin REST API
 * ({@code 201}) and deleted. {@code policy, saved as policy.json} also writes it to that file
 * for the doc's shell examples.</li>
 * <li>{@code <!-- example: run -->}: bash; each doc's run blocks go, in order, through one bash
 * (as a reader's terminal would) with {@code set -euo pipefail}, {@code http://localhost:8080}
 * replaced by the test server's URL. It must exit 0, and every curl call must answer 2xx, or
 * exactly the statuses listed by {@code run, expect 200 400}; {@code , prints TEXT} also wants
 * TEXT in what the block printed. Policies it creates are deleted. A doc whose run blocks call
 * the demo API ({@code http://localhost:8081}, as {@code ./demo.sh} starts it) gets the demo,
 * started for it on a free port against the test server, with the example realm's clients.</li>
 * <li>{@code <!-- example: not run: why -->}: counted, not run (Dockerfiles, {@code kc.sh build},
 * answers, sketches in other languages).</li>
 * </ul>
 * A block without a marker fails the test, so a new example is either run or excluded on purpose.
 */
@ExtendWith(KeycloakExtension.class)
class DocsExamplesIT {

    private static final String DOCS_URL = "http://localhost:8080";
    private static final String DEMO_URL = "http://localhost:8081";
    private static final Pattern FENCE = Pattern.compile("^(\\s*)(```+|~~~+)\\s*(\\S*).*$");
    private static final Pattern MARKER = Pattern.compile("^\\s*<!-- example: (.+?) -->\\s*$");
    private static final Pattern RUN = Pattern.compile("run(?:, expect((?: \\d{3})+))?(?:, prints (.+))?");
    private static final Pattern POLICY = Pattern.compile("policy(?:, saved as ([\\w.-]+))?");
    private static final Pattern NOT_RUN = Pattern.compile("not run: \\S.*");
    private static final String STATUS_LINE = "@@status ";
    private static final String BLOCK_LINE = "@@block ";
    private static final String POLICIES = "/realms/" + KeycloakServer.REALM + "/claims-challenge-policies";
    private static final String CONTEXTS = "/realms/" + KeycloakServer.REALM + "/claims-challenge-contexts";

    /** One fenced block: where it starts, its language, its marker (null: none) and its text. */
    record Block(Path file, int line, String language, String marker, String text) {
        String where() {
            return file.getFileName() + ":" + line;
        }
    }

    private static List<Block> blocks;

    @BeforeAll
    static void readDocs() throws IOException {
        Path docs = ItConfig.realmFile().toAbsolutePath().getParent().getParent().resolve("docs");
        List<Block> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(docs)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                found.addAll(parse(file));
            }
        }
        blocks = found;
        long run = blocks.stream().filter(b -> kind(b).equals("run")).count();
        long policy = blocks.stream().filter(b -> kind(b).equals("policy")).count();
        System.out.printf("docs examples: %d fenced blocks, %d run in bash, %d policies created, %d not run%n",
                blocks.size(), run, policy, blocks.size() - run - policy);
    }

    static List<Block> parse(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Block> result = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            String fence = open.group(2);
            int start = i;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).strip().equals(fence); i++) {
                String line = lines.get(i);
                text.append(line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading()).append('\n');
            }
            String marker = null;
            int previous = start - 1;
            while (previous >= 0 && lines.get(previous).isBlank()) {
                previous--;
            }
            if (previous >= 0) {
                Matcher m = MARKER.matcher(lines.get(previous));
                marker = m.matches() ? m.group(1) : null;
            }
            result.add(new Block(file, start + 1, open.group(3), marker, text.toString()));
        }
        return result;
    }

    private static String kind(Block block) {
        String marker = block.marker() == null ? "" : block.marker();
        if (RUN.matcher(marker).matches()) {
            return "run";
        }
        if (POLICY.matcher(marker).matches()) {
            return "policy";
        }
        return NOT_RUN.matcher(marker).matches() ? "not run" : "unmarked";
    }

    @Test
    void everyFencedBlockIsRunOrExcludedOnPurpose() {
        List<String> unmarked = blocks.stream().filter(b -> kind(b).equals("unmarked"))
                .map(b -> b.where() + " (" + (b.marker() == null ? "no marker" : "marker '" + b.marker() + "'") + ")")
                .toList();
        assertEquals(List.of(), unmarked, "every fenced block in docs/ needs <!-- example: run | policy | not run: why -->");
        assertTrue(blocks.stream().filter(b -> kind(b).equals("run")).count() >= 3, "the parser lost the run blocks");
        assertTrue(blocks.stream().filter(b -> kind(b).equals("policy")).count() >= 5, "the parser lost the policies");
    }

    @Test
    void policyExamplesAreAcceptedByTheAdminApi(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        List<String> failures = new ArrayList<>();
        for (Block block : blocks) {
            if (!kind(block).equals("policy")) {
                continue;
            }
            HttpResponse<String> created = admin.send("POST", POLICIES, block.text());
            if (created.statusCode() != 201) {
                failures.add(block.where() + ": " + created.statusCode() + " " + created.body());
                continue;
            }
            String location = created.headers().firstValue("Location").orElseThrow();
            String id = location.substring(location.lastIndexOf('/') + 1);
            assertEquals(204, admin.send("DELETE", POLICIES + "/" + id, null).statusCode(), block.where());
        }
        assertEquals(List.of(), failures, "policy examples the admin REST API refused");
    }

    /** A reader who runs the docs before trying the browser demo: alice has no one-time code. */
    @Test
    void shellExamplesRunAsWritten(KeycloakServer server) throws Exception {
        requireOnPath("bash", "curl", "jq");
        AdminApi admin = new AdminApi(server);
        admin.removeOtp("alice");
        assertEquals(List.of(), runAllDocs(server, admin), "shell examples that did not run as written (alice without a one-time code)");
    }

    /**
     * A reader who runs the docs after the browser demo: alice's step-up to gold made her enrol a
     * one-time code (Keycloak's Mobile Authenticator Setup, here through its real forms over HTTP).
     * The examples' password grants must work in this state too.
     */
    @Test
    void shellExamplesRunAsWrittenAfterTheBrowserDemo(KeycloakServer server) throws Exception {
        requireOnPath("bash", "curl", "jq");
        AdminApi admin = new AdminApi(server);
        admin.removeOtp("alice");
        OidcClient spa = OidcClient.spa(server);
        AuthorizationFlow stepUp = spa.authorize(new Browser(), Map.of("claims", StepUpIT.GOLD)).login("alice", "alice-password");
        stepUp.enrolOtp();
        assertEquals("gold", spa.exchange(stepUp).accessToken().get("acr"), "the demo's step-up");
        try {
            assertEquals(1, admin.otpCredentials("alice").size(), "alice enrolled a one-time code");
            assertEquals(List.of(), runAllDocs(server, admin), "shell examples that did not run as written (alice with a one-time code)");
        } finally {
            admin.removeOtp("alice");
        }
    }

    private List<String> runAllDocs(KeycloakServer server, AdminApi admin) throws Exception {
        List<String> failures = new ArrayList<>();
        for (Path file : blocks.stream().map(Block::file).distinct().toList()) {
            List<Block> runs = blocks.stream().filter(b -> b.file().equals(file) && kind(b).equals("run")).toList();
            if (runs.isEmpty()) {
                continue;
            }
            // what a doc's examples create goes, so that each run (and each doc) starts as a reader's first
            Set<String> policiesBefore = ids(admin, POLICIES);
            Set<String> contextsBefore = ids(admin, CONTEXTS);
            try {
                failures.addAll(runDoc(server, file, runs));
            } finally {
                for (String id : ids(admin, POLICIES)) {
                    if (!policiesBefore.contains(id)) {
                        admin.send("DELETE", POLICIES + "/" + id, null);
                    }
                }
                for (String id : ids(admin, CONTEXTS)) {
                    if (!contextsBefore.contains(id)) {
                        admin.send("DELETE", CONTEXTS + "/" + id, null);
                    }
                }
            }
        }
        return failures;
    }

    private List<String> runDoc(KeycloakServer server, Path file, List<Block> runs)
            throws IOException, InterruptedException {
        // in target/, next to Keycloak's log: the scripts, what they printed and policy.json stay for a look
        Path dir = Files.createTempDirectory(ItConfig.logFile().toAbsolutePath().getParent(), "docs-examples-");
        for (Block block : blocks) {
            Matcher policy = POLICY.matcher(block.marker() == null ? "" : block.marker());
            if (block.file().equals(file) && policy.matches() && policy.group(1) != null) {
                Files.writeString(dir.resolve(policy.group(1)), block.text());
            }
        }
        // the demo API as ./demo.sh starts it (the example realm's demo-spa and demo-api), for the docs that call it
        boolean callsDemo = runs.stream().anyMatch(block -> block.text().contains(DEMO_URL));
        try (DemoServer demo = callsDemo ? new DemoServer(new DemoServer.Config(server.baseUrl(), KeycloakServer.REALM, "demo-spa",
                "demo-api", "demo-api-secret", 0)) : null) {
            return runDoc(server, file, runs, dir, demo == null ? DEMO_URL : "http://localhost:" + demo.port());
        }
    }

    private List<String> runDoc(KeycloakServer server, Path file, List<Block> runs, Path dir, String demoUrl)
            throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder("set -euo pipefail\n")
                // every curl call reports its HTTP status on stderr, on a line of its own
                .append("curl() { command curl -w '%{stderr}\\n" + STATUS_LINE + "%{http_code}\\n' \"$@\"; }\n");
        for (int i = 0; i < runs.size(); i++) {
            String mark = "printf '\\n" + BLOCK_LINE + i + "\\n'";
            script.append(mark).append('\n').append(mark).append(" >&2\n")
                    .append(runs.get(i).text().replace(DOCS_URL, server.baseUrl()).replace(DEMO_URL, demoUrl)).append('\n');
        }
        Path scriptFile = dir.resolve("examples.sh");
        Files.writeString(scriptFile, script);
        ProcessBuilder builder = new ProcessBuilder("bash", scriptFile.toString()).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        // as in a fresh terminal: every token an example uses, an example of the same doc gets
        builder.environment().remove("ACCESS_TOKEN");
        builder.environment().remove("REFRESH_TOKEN");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return List.of(file.getFileName() + ": the examples did not finish in 120 s");
        }
        String stdout = Files.readString(dir.resolve("stdout"));
        String stderr = Files.readString(dir.resolve("stderr"));
        System.out.println("== " + file.getFileName() + " examples, stdout:\n" + stdout + "\n== stderr:\n" + stderr);

        // statuses and output per block, from the markers the script wrote
        List<String> printed = Stream.of(stdout.split("\n" + BLOCK_LINE + "\\d+\n", -1)).skip(1).toList();
        List<List<Integer>> statuses = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            if (line.startsWith(BLOCK_LINE)) {
                statuses.add(new ArrayList<>());
            } else if (line.startsWith(STATUS_LINE) && !statuses.isEmpty()) {
                statuses.get(statuses.size() - 1).add(Integer.parseInt(line.substring(STATUS_LINE.length()).strip()));
            }
        }
        List<String> failures = new ArrayList<>();
        int exit = process.exitValue();
        if (exit != 0) {
            Block failed = runs.get(Math.max(0, statuses.size() - 1));
            failures.add(failed.where() + ": bash exited with " + exit + "\n" + stderr);
        }
        for (int i = 0; i < statuses.size(); i++) {
            Block block = runs.get(i);
            Matcher run = RUN.matcher(block.marker());
            assertTrue(run.matches());
            List<Integer> got = statuses.get(i);
            if (run.group(1) != null) {
                List<Integer> expected = Stream.of(run.group(1).strip().split(" ")).map(Integer::valueOf).toList();
                if (!expected.equals(got)) {
                    failures.add(block.where() + ": HTTP statuses " + got + ", the doc expects " + expected);
                }
            } else if (got.isEmpty() || got.stream().anyMatch(s -> s < 200 || s > 299)) {
                failures.add(block.where() + ": HTTP statuses " + got + ", expected 2xx");
            }
            if (run.group(2) != null && (i >= printed.size() || !printed.get(i).contains(run.group(2)))) {
                failures.add(block.where() + ": printed no '" + run.group(2) + "'");
            }
        }
        if (exit == 0 && statuses.size() != runs.size()) {
            failures.add(file.getFileName() + ": ran " + statuses.size() + " of " + runs.size() + " blocks");
        }
        return failures;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> ids(AdminApi admin, String path) {
        Set<String> ids = new HashSet<>();
        for (Map<String, Object> item : admin.get(path, Map[].class)) {
            ids.add((String) item.get("id"));
        }
        return ids;
    }

    private static void requireOnPath(String... commands) {
        for (String command : commands) {
            ItConfig.assumeInstalled(ItConfig.onPath(command),
                    command + " is not installed: the docs' shell examples are skipped (.ci/run installs it)");
        }
    }
}

package dev.claimschallenge.keycloak.it.support;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.keycloak.util.JsonSerialization;

/**
 * The Node.js driver of real client libraries ({@code src/test/node/driver.mjs}): installs the
 * pinned packages with {@code npm ci} from the committed package-lock.json into
 * {@code target/node-interop} (never into the sources), starts {@code node driver.mjs} and sends it
 * one JSON command per line. Node and npm come from Debian (.ci/run installs them); where they are
 * missing the tests are skipped with a message, except in CI, where that is a failure.
 */
public final class NodeDriver implements AutoCloseable {

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final Path log;

    private NodeDriver(Process process, Path log) {
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.log = log;
    }

    /** Starts the driver with extra environment variables (e.g. NODE_EXTRA_CA_CERTS). */
    public static NodeDriver start(Map<String, String> environment) {
        ItConfig.assumeInstalled(ItConfig.onPath("node") && ItConfig.onPath("npm"),
                "No Node.js for the client-library interop tests: install Debian's nodejs and npm (.ci/run does)");
        try {
            Path dir = install();
            Path log = dir.resolve("driver.log");
            List<String> command = new ArrayList<>(List.of("node"));
            if (Processes.run(dir, List.of("node", "--version")).startsWith("v18.")) {
                command.add("--experimental-global-webcrypto"); // Debian 12's Node 18: openid-client needs globalThis.crypto
            }
            command.add("driver.mjs");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectError(log.toFile());
            builder.environment().putAll(environment);
            return new NodeDriver(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one command; the answer is {@code {"ok": {...}}} or {@code {"error": {"name": ..., ...}}}. */
    public Map<String, Object> call(String command, Map<String, Object> args) {
        try {
            Map<String, Object> request = new LinkedHashMap<>(args);
            request.put("cmd", command);
            in.write(JsonSerialization.writeValueAsString(request));
            in.newLine();
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the node driver ended; its log:\n" + Files.readString(log));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> answer = JsonSerialization.readValue(line, Map.class);
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one command that must succeed, and returns its result. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> ok(String command, Map<String, Object> args) {
        Map<String, Object> answer = call(command, args);
        if (!answer.containsKey("ok")) {
            throw new AssertionError(command + " failed: " + answer + "\n" + logTail());
        }
        return (Map<String, Object>) answer.get("ok");
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no driver log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            in.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The driver and its lock file in target/node-interop; npm ci there whenever the lock file changed. */
    private static synchronized Path install() throws IOException {
        Path sources = Path.of(System.getProperty("it.node.sources", "src/test/node"));
        Path dir = Files.createDirectories(ItConfig.logFile().resolveSibling("node-interop"));
        for (String name : List.of("driver.mjs", "package.json")) {
            Files.copy(sources.resolve(name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        Path lock = dir.resolve("package-lock.json");
        String wanted = Files.readString(sources.resolve("package-lock.json"));
        if (!Files.isDirectory(dir.resolve("node_modules")) || !Files.exists(lock) || !Files.readString(lock).equals(wanted)) {
            Files.writeString(lock, wanted);
            try {
                Processes.run(dir, List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"));
            } catch (RuntimeException e) {
                Files.deleteIfExists(lock); // try again next time
                throw e;
            }
        }
        return dir;
    }
}

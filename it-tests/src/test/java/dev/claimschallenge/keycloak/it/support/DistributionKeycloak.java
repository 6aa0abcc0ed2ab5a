package dev.claimschallenge.keycloak.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;
import org.awaitility.Awaitility;
import org.keycloak.util.JsonSerialization;

/**
 * Keycloak's quarkus distribution (unpacked by Maven from Maven Central) started as a process:
 * {@code kc.sh start-dev} on free loopback ports, with the extension jar in {@code providers/}
 * and the example realm imported into a fresh H2 database.
 */
public record DistributionKeycloak(Setup setup, Process process) implements KeycloakServer {

    /**
     * What a server runs with; a restart runs the same again. {@code options} are further server
     * options, {@code certificate} that of the https port they open, if any (else null).
     */
    public record Setup(Path home, Path logFile, int httpPort, int managementPort, String realmName, List<String> options,
            ThrowAwayTls certificate) {
    }

    /**
     * The server all tests share: the example realm, on the unpacked distribution; https too, on a
     * second port with a throw-away certificate, for clients that insist on https (MSAL).
     */
    public static DistributionKeycloak start() {
        ThrowAwayTls tls = ThrowAwayTls.create(ItConfig.logFile().resolveSibling("it-tls"), freePort());
        return start(ItConfig.distribution(), ItConfig.logFile(), ItConfig.realmFile(), true, freePort(),
                tls.keycloakOptions(), tls);
    }

    /**
     * A server on {@code home} with a fresh database that imports {@code realmFile} (named *.json);
     * without the extension's jar it is stock Keycloak, for comparisons.
     */
    public static DistributionKeycloak start(Path home, Path log, Path realmFile, boolean withExtension) {
        return start(home, log, realmFile, withExtension, freePort(), List.of(), null);
    }

    /**
     * A server with the extension on {@code home} and on {@code httpPort}, with more server options
     * (a shared database, clustering, a front-end hostname): a cluster node. Its own {@code data/}
     * starts fresh; what lives in the database named by the options does not.
     */
    public static DistributionKeycloak start(Path home, Path log, Path realmFile, int httpPort, List<String> options) {
        return start(home, log, realmFile, true, httpPort, options, null);
    }

    private static DistributionKeycloak start(Path home, Path log, Path realmFile, boolean withExtension, int httpPort,
            List<String> options, ThrowAwayTls tls) {
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution at " + home
                    + ": the pre-integration-test phase unpacks it (run mvn verify)");
        }
        try {
            // a fresh database, and the current jar and realm file, every run
            FileUtils.deleteDirectory(home.resolve("data").toFile());
            FileUtils.deleteDirectory(home.resolve("providers").toFile());
            Files.createDirectories(home.resolve("providers"));
            if (withExtension) {
                FileUtils.copyFileToDirectory(ItConfig.providerJar().toFile(), home.resolve("providers").toFile());
            }
            FileUtils.copyFileToDirectory(realmFile.toFile(), home.resolve("data/import").toFile());
            String realmName = String.valueOf(JsonSerialization.readValue(Files.readAllBytes(realmFile), Map.class).get("realm"));
            return launch(new Setup(home, log, httpPort, freePort(), realmName, List.copyOf(options), tls));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops this server and starts it again on the same ports (tokens name their issuer URL)
     * with the same database: what an operator's restart does.
     */
    public DistributionKeycloak restart() {
        close();
        Setup s = setup;
        try {
            Files.writeString(s.logFile, "\n--- restart ---\n", StandardOpenOption.APPEND);
            return launch(new Setup(s.home, s.logFile.resolveSibling(s.logFile.getFileName() + ".restart"), s.httpPort,
                    s.managementPort, s.realmName, s.options, s.certificate));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code kc.sh} as {@code setup} says and waits until its realm answers. */
    private static DistributionKeycloak launch(Setup setup) throws IOException {
        List<String> command = new ArrayList<>();
        if (!ItConfig.keycloakCpus().isEmpty()) {
            command.addAll(List.of("taskset", "-c", ItConfig.keycloakCpus()));
        }
        command.addAll(List.of(setup.home.resolve("bin/kc.sh").toString(), "start-dev", "--http-host=127.0.0.1",
                "--http-port=" + setup.httpPort, "--http-management-port=" + setup.managementPort,
                "--health-enabled=true", "--import-realm", "--log-level=" + ItConfig.logLevel()));
        if (!ItConfig.features().isEmpty()) {
            command.add("--features=" + String.join(",", ItConfig.features()));
        }
        command.addAll(ItConfig.serverOptions());
        command.addAll(setup.options);
        Files.createDirectories(setup.logFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(setup.home.toFile())
                .redirectErrorStream(true).redirectOutput(setup.logFile.toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ItConfig.ADMIN_USER);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ItConfig.ADMIN_PASSWORD);
        DistributionKeycloak server = new DistributionKeycloak(setup, builder.start());
        try {
            URI ready = URI.create("http://127.0.0.1:" + setup.managementPort + "/health/ready");
            URI realm = URI.create(server.baseUrl() + "/realms/" + setup.realmName + "/.well-known/openid-configuration");
            Awaitility.await("Keycloak ready within it.keycloak.startup.timeout; log: " + setup.logFile)
                    .atMost(ItConfig.startupTimeout()).pollInterval(Duration.ofMillis(500))
                    .until(() -> server.answersOk(ready) && server.answersOk(realm));
        } catch (RuntimeException e) {
            String tail = server.logTail(80);
            server.close();
            throw new IllegalStateException(e.getMessage() + "\n--- Keycloak log (last lines) ---\n" + tail, e);
        }
        return server;
    }

    private boolean answersOk(URI uri) throws InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException("Keycloak exited with code " + process.exitValue() + " while starting");
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
            return Browser.HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    /**
     * {@code realmFile} without the extension's policy components and client policy, for a
     * stock Keycloak (which cannot import them).
     */
    @SuppressWarnings("unchecked")
    public static Path stockRealmFile(Path realmFile) throws IOException {
        Map<String, Object> realm = AdminApi.read(Files.readString(realmFile), Map.class);
        ((Map<String, Object>) realm.get("components")).remove("org.keycloak.services.ui.extend.UiPageProvider");
        realm.remove("clientProfiles"); // the claims-challenge executor (for Keycloak 26.5) is not in stock Keycloak
        realm.remove("clientPolicies");
        Path file = Files.createTempDirectory("stock").resolve(realmFile.getFileName());
        Files.writeString(file, JsonSerialization.writeValueAsString(realm));
        return file;
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + setup.httpPort;
    }

    @Override
    public Optional<ThrowAwayTls> tls() {
        return Optional.ofNullable(setup.certificate);
    }

    @Override
    public String log() {
        try {
            return Files.readString(setup.logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log at " + setup.logFile + ": " + e.getMessage() + ")";
        }
    }

    /**
     * SIGTERM: kc.sh passes it on to Keycloak's JVM and waits for it, which shuts down cleanly
     * (about 3 s); kill what is left after 30 s.
     */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** A TCP port nobody listens on at the moment, on loopback. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.claimschallenge.keycloak.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Keycloak's quarkus distribution (unpacked by Maven from Maven Central) started as a process:
 * {@code kc.sh start-dev} on free loopback ports, with the extension jars in {@code providers/}
 * and the example realm imported into a fresh H2 database.
 */
public final class DistributionKeycloak implements KeycloakServer {

    private static final String HTTPS_PORT = "--https-port=";
    /** The certificate of the shared server's https port. */
    private static ThrowAwayTls tls;

    private final Path home;
    private final Path log;
    private final Process process;
    private final String baseUrl;
    private final int httpPort;
    private final int managementPort;
    private final String realmName;
    private final List<String> options;

    private DistributionKeycloak(Path home, Path log, Process process, int httpPort, int managementPort, String realmName,
            List<String> options) {
        this.home = home;
        this.log = log;
        this.process = process;
        this.baseUrl = "http://127.0.0.1:" + httpPort;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.realmName = realmName;
        this.options = options;
    }

    /**
     * The server all tests share: the example realm, on the unpacked distribution; https too, on a
     * second port with a throw-away certificate, for clients that insist on https (MSAL).
     */
    public static DistributionKeycloak start() {
        tls = ThrowAwayTls.create(ItConfig.logFile().resolveSibling("it-tls"));
        try {
            return start(ItConfig.distribution(), ItConfig.logFile(), ItConfig.realmFile(), true, freePort(),
                    tls.keycloakOptions(freePort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server on {@code home} with a fresh database that imports {@code realmFile} (named *.json). */
    public static DistributionKeycloak start(Path home, Path log, Path realmFile) {
        return start(home, log, realmFile, true);
    }

    /** As above; without the extension's jars it is stock Keycloak, for comparisons. */
    public static DistributionKeycloak start(Path home, Path log, Path realmFile, boolean withExtension) {
        try {
            return start(home, log, realmFile, withExtension, freePort(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server with the extension on {@code home} and on {@code httpPort}, with more server options
     * (a shared database, clustering, a front-end hostname): a cluster node. Its own {@code data/}
     * starts fresh; what lives in the database named by the options does not.
     */
    public static DistributionKeycloak start(Path home, Path log, Path realmFile, int httpPort, List<String> options) {
        return start(home, log, realmFile, true, httpPort, options);
    }

    private static DistributionKeycloak start(Path home, Path log, Path realmFile, boolean withExtension, int httpPort,
            List<String> options) {
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution at " + home
                    + ": the pre-integration-test phase unpacks it (run mvn verify)");
        }
        try {
            prepare(home, realmFile, withExtension);
            return launch(home, log, httpPort, freePort(), realmName(realmFile), List.copyOf(options));
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
        try {
            Files.writeString(log, "\n--- restart ---\n", java.nio.file.StandardOpenOption.APPEND);
            return launch(home, log.resolveSibling(log.getFileName() + ".restart"), httpPort, managementPort, realmName, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DistributionKeycloak launch(Path home, Path log, int httpPort, int managementPort, String realmName,
            List<String> options) throws IOException {
        List<String> command = new ArrayList<>();
        if (!ItConfig.keycloakCpus().isEmpty()) {
            command.addAll(List.of("taskset", "-c", ItConfig.keycloakCpus()));
        }
        command.addAll(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + httpPort, "--http-management-port=" + managementPort,
                "--health-enabled=true", "--import-realm", "--log-level=" + ItConfig.logLevel()));
        if (!ItConfig.features().isEmpty()) {
            command.add("--features=" + String.join(",", ItConfig.features()));
        }
        command.addAll(options);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ItConfig.ADMIN_USER);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ItConfig.ADMIN_PASSWORD);
        Process process = builder.start();
        DistributionKeycloak server = new DistributionKeycloak(home, log, process, httpPort, managementPort, realmName, options);
        try {
            server.awaitReady(managementPort, ItConfig.startupTimeout(), realmName);
        } catch (RuntimeException e) {
            String tail = server.logTail(80);
            server.close();
            throw new IllegalStateException(e.getMessage() + "\n--- Keycloak log (last lines) ---\n" + tail, e);
        }
        return server;
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
        Files.writeString(file, org.keycloak.util.JsonSerialization.writeValueAsString(realm));
        return file;
    }

    /** Fresh database and the current jars and realm file every run. */
    private static void prepare(Path home, Path realmFile, boolean withExtension) throws IOException {
        deleteRecursively(home.resolve("data"));
        Path providers = home.resolve("providers");
        Files.createDirectories(providers);
        try (Stream<Path> old = Files.list(providers)) {
            for (Path jar : (Iterable<Path>) old.filter(p -> p.toString().endsWith(".jar"))::iterator) {
                Files.delete(jar);
            }
        }
        if (withExtension) {
            Files.copy(ItConfig.providerJar(), providers.resolve(ItConfig.providerJar().getFileName()));
        }
        Path imports = Files.createDirectories(home.resolve("data/import"));
        Files.copy(realmFile, imports.resolve(realmFile.getFileName()));
    }

    private static String realmName(Path realmFile) throws IOException {
        Object name = org.keycloak.util.JsonSerialization.readValue(Files.readAllBytes(realmFile), java.util.Map.class).get("realm");
        return String.valueOf(name);
    }

    private void awaitReady(int managementPort, Duration timeout, String realmName) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        URI realm = URI.create(baseUrl + "/realms/" + realmName + "/.well-known/openid-configuration");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue() + " while starting");
            }
            if (isOk(http, ready) && isOk(http, realm)) {
                return;
            }
            sleep(500);
        }
        throw new IllegalStateException("Keycloak was not ready within " + timeout.toSeconds()
                + " s (it.keycloak.startup.timeout); log: " + log);
    }

    private static boolean isOk(HttpClient http, URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Keycloak", e);
        }
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public Optional<String> httpsBaseUrl() {
        return options.stream().filter(option -> option.startsWith(HTTPS_PORT)).findFirst()
                .map(option -> "https://127.0.0.1:" + option.substring(HTTPS_PORT.length()));
    }

    @Override
    public Optional<ThrowAwayTls> tls() {
        return httpsBaseUrl().map(url -> tls);
    }

    @Override
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ": " + e.getMessage() + ")";
        }
    }

    /** SIGTERM lets Keycloak shut down cleanly (about 3 s); kill what is left after 30 s. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    Path home() {
        return home;
    }

    /** Everything Keycloak logged so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** A TCP port nobody listens on at the moment, on loopback. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Keycloak", e);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}

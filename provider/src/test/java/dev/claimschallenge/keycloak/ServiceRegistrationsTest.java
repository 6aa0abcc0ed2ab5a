package dev.claimschallenge.keycloak;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every class named in {@code META-INF/services} must exist, be instantiable and implement the
 * service it is registered for: a stale entry would stop Keycloak from starting.
 */
class ServiceRegistrationsTest {

    @Test
    void everyRegisteredClassLoadsAndImplementsItsService() throws IOException, URISyntaxException {
        // this module's own registrations, not those of Keycloak's jars on the test class path
        Path classes = Path.of(ExtensionInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path services = classes.resolve("META-INF/services");
        List<Executable> checks = new ArrayList<>();
        try (Stream<Path> files = Files.list(services)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Class<?> service = load(file.getFileName().toString());
                List<String> entries = Files.readAllLines(file).stream()
                        .map(line -> line.replaceAll("#.*", "").trim())
                        .filter(line -> !line.isEmpty())
                        .toList();
                assertFalse(entries.isEmpty(), file + " registers nothing");
                for (String entry : entries) {
                    checks.add(() -> {
                        Class<?> type = load(entry);
                        assertTrue(service.isAssignableFrom(type), entry + " does not implement " + service.getName());
                        type.getConstructor().newInstance();
                    });
                }
            }
        }
        assertFalse(checks.isEmpty(), "no service registrations found");
        assertAll(checks);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ServiceRegistrationsTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("META-INF/services names a class that does not exist: " + name, e);
        }
    }
}

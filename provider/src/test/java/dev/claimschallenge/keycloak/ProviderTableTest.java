package dev.claimschallenge.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The provider table of {@code docs/installation.md} (what an operator checks under <i>Provider
 * info</i>) names exactly the providers {@code META-INF/services} registers, as SPI name and
 * provider id: it once listed 7 of 9. A registration without a row, or a row without a
 * registration, fails.
 */
class ProviderTableTest {

    private static final String HEADER = "| SPI | provider | what |";

    @Test
    void theInstallationGuidesProviderTableNamesEveryRegisteredProvider() throws Exception {
        TreeSet<String> registered = registered();
        TreeSet<String> documented = documented();
        TreeSet<String> missing = new TreeSet<>(registered);
        missing.removeAll(documented);
        TreeSet<String> extra = new TreeSet<>(documented);
        extra.removeAll(registered);
        assertEquals(registered, documented, "docs/installation.md's provider table (SPI, provider id) does not match "
                + "META-INF/services: registered but not listed " + missing + ", listed but not registered " + extra);
    }

    /** {@code spi provider-id} of every factory this module registers, the SPI named as Keycloak names it. */
    private static TreeSet<String> registered() throws IOException, URISyntaxException, ReflectiveOperationException {
        Map<Class<?>, String> spiNames = new HashMap<>();
        for (Spi spi : ServiceLoader.load(Spi.class, ProviderTableTest.class.getClassLoader())) {
            spiNames.put(spi.getProviderFactoryClass(), spi.getName());
        }
        // this module's own registrations, not those of Keycloak's jars on the test class path
        Path classes = Path.of(ExtensionInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        TreeSet<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.list(classes.resolve("META-INF/services"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Class<?> service = Class.forName(file.getFileName().toString(), false, ProviderTableTest.class.getClassLoader());
                String spi = spiNames.get(service);
                assertNotNull(spi, "no Keycloak SPI has the factory type " + service.getName());
                for (String line : Files.readAllLines(file)) {
                    String entry = line.replaceAll("#.*", "").trim();
                    if (!entry.isEmpty()) {
                        ProviderFactory<?> factory = (ProviderFactory<?>) Class.forName(entry).getConstructor().newInstance();
                        found.add(spi + " " + factory.getId());
                    }
                }
            }
        }
        assertFalse(found.isEmpty(), "no service registrations found");
        return found;
    }

    /** {@code spi provider-id} of every row of the table that follows {@link #HEADER}. */
    private static TreeSet<String> documented() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path guide = root.resolve("docs/installation.md");
        assertTrue(Files.isRegularFile(guide), guide + " is missing");
        List<String> lines = Files.readAllLines(guide).stream().map(String::trim).toList();
        int header = lines.indexOf(HEADER);
        assertTrue(header >= 0, "no provider table (" + HEADER + ") in " + guide);
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            rows.add(line);
        }
        TreeSet<String> found = new TreeSet<>();
        for (String row : rows) {
            String[] cells = row.split("\\|");
            assertTrue(cells.length >= 3, "not a row of SPI and provider: " + row);
            String spi = cells[1].trim().replace("`", "");
            String provider = cells[2].trim().replace("`", "");
            assertTrue(found.add(spi + " " + provider), "listed twice: " + row);
        }
        return found;
    }
}

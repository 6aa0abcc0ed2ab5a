package dev.claimschallenge.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The provider's packages form layers (provider/README.md, "Layers"): a package uses only
 * packages on lower layers. Read from the sources' own references to the extension's packages.
 */
class LayersTest {

    /** Package (relative to dev.claimschallenge.keycloak; "" the root) to its layer, bottom first. */
    static final Map<String, Integer> LAYERS = Map.ofEntries(
            Map.entry("", 0), Map.entry("config", 0), Map.entry("internal", 0),
            Map.entry("claims", 1),
            Map.entry("policy", 2), Map.entry("grant", 2),
            Map.entry("token", 3), Map.entry("authrequest", 3), Map.entry("admin", 3),
            Map.entry("introspection", 4), Map.entry("clientpolicy", 4),
            Map.entry("rs", 5));

    private static final Path ROOT = Path.of("src/main/java/dev/claimschallenge/keycloak");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.claimschallenge\\.keycloak\\.(?:([a-z]+)\\.)?[A-Z]");

    @Test
    void noPackageUsesOneAboveIt() throws IOException {
        List<String> upward = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(ROOT)) {
            sources = files.filter(file -> file.toString().endsWith(".java")).toList();
        }
        assertTrue(sources.size() > 50, "sources not found from " + Path.of("").toAbsolutePath());
        for (Path source : sources) {
            String from = ROOT.relativize(source).getParent() == null ? "" : ROOT.relativize(source).getParent().toString();
            Integer layer = LAYERS.get(from);
            if (layer == null) {
                upward.add(source + ": package " + from + " has no layer in LayersTest and provider/README.md");
                continue;
            }
            Matcher reference = REFERENCE.matcher(Files.readString(source));
            while (reference.find()) {
                String to = reference.group(1) == null ? "" : reference.group(1);
                if (!to.equals(from) && LAYERS.getOrDefault(to, Integer.MAX_VALUE) >= layer) {
                    upward.add(source.getFileName() + " (" + from + ") uses " + to);
                }
            }
        }
        assertEquals(List.of(), upward);
    }
}

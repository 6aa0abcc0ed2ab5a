package dev.claimschallenge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine is plain Java: a resource server embeds it beside any stack, and Keycloak's provider
 * beside Keycloak's. So its code names only JDK types and its own, and its build has no dependency
 * outside tests. (Compiling proves the second; this keeps the rule visible when someone adds one.)
 */
class EngineDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java");
    /** Fully qualified names in code: imports and inline uses such as {@code java.util.ArrayList}. */
    private static final Pattern QUALIFIED = Pattern.compile("\\b((?:[a-z][a-z0-9_]*\\.){2,})[A-Z]");

    @Test
    void theEngineNamesOnlyJdkTypesAndItsOwn() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            sources = files.filter(file -> file.toString().endsWith(".java")).toList();
        }
        assertTrue(sources.size() >= 10, "sources not found from " + Path.of("").toAbsolutePath());
        List<String> foreign = new ArrayList<>();
        for (Path source : sources) {
            String code = Files.readString(source).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
            Matcher name = QUALIFIED.matcher(code);
            while (name.find()) {
                String pkg = name.group(1);
                if (!pkg.startsWith("java.") && !pkg.startsWith("dev.claimschallenge.engine.")) {
                    foreign.add(source.getFileName() + " uses " + pkg);
                }
            }
        }
        assertEquals(List.of(), foreign);
    }

    @Test
    void theBuildHasNoDependencyOutsideTests() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher dependency = Pattern.compile("(?s)<dependency>(.*?)</dependency>").matcher(pom);
        List<String> compile = new ArrayList<>();
        while (dependency.find()) {
            if (!dependency.group(1).contains("<scope>test</scope>")) {
                compile.add(dependency.group(1).trim());
            }
        }
        assertEquals(List.of(), compile);
    }
}

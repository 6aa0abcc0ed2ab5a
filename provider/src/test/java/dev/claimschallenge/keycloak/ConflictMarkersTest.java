package dev.claimschallenge.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No file of the project carries a merge's conflict markers: one did (provider/README.md, for
 * several releases), and neither the compiler nor a reader of the rendered page notices. Walks the
 * checkout the build runs in, skipping build output, downloads and the git directory.
 */
class ConflictMarkersTest {

    private static final Set<String> SKIPPED = Set.of(".git", "target", "node_modules", ".demo", ".idea", ".vscode");

    @Test
    void noFileHasConflictMarkers() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.readString(root.resolve("pom.xml")).contains("<module>provider</module>"),
                "not the checkout's provider module: " + root);
        List<String> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return SKIPPED.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                List<String> lines;
                try {
                    lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                } catch (MalformedInputException notText) {
                    return FileVisitResult.CONTINUE; // images: no lines to merge
                }
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).matches("(<{7}|>{7})( .*)?")) {
                        found.add(root.relativize(file) + ":" + (i + 1));
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        assertEquals(List.of(), found, "conflict markers left by a merge");
    }
}

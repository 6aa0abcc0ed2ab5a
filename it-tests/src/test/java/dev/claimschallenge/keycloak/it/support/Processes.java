package dev.claimschallenge.keycloak.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Short command lines the tests run to completion (keytool, initdb, pg_ctl, node --version). */
final class Processes {

    private Processes() {
    }

    /** Runs {@code command} in {@code dir} and returns what it printed; a non-zero exit fails with that output. */
    static String run(Path dir, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            // read to the end: a command that waits for its output to be read would otherwise never exit
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("Failed (exit " + process.exitValue() + "): " + String.join(" ", command)
                        + "\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}

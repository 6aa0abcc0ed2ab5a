package dev.claimschallenge.keycloak.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time of a JVM's JIT compiler threads, from Linux's {@code /proc/<pid>/task}: HotSpot
 * names them {@code C1 CompilerThreadN} and {@code C2 CompilerThreadN} (truncated to 15
 * characters there). Compilation comes in bursts long after a warm-up (a big application like
 * Keycloak keeps compiling for thousands of requests) and falls on whichever side of a pair is
 * running, so a per-request measure without it shows the steady state. Nothing is subtracted
 * where {@code /proc} cannot be read (not Linux), and a compiler thread that ends within a
 * slice counts as request work (HotSpot rarely retires them).
 */
final class JitThreads {

    static final String DESCRIPTION = "the Keycloak JVM's CPU time minus that of its threads named C1/C2 CompilerThread in /proc: "
            + "compilation comes in bursts that fall on either side";

    /** Linux's USER_HZ: {@code /proc} counts CPU time in these ticks. */
    private static final long NANOS_PER_TICK = 1_000_000_000L / 100;

    private JitThreads() {
    }

    /** Thread id to CPU ticks (user + system) of each JIT compiler thread of {@code pid}; empty without {@code /proc}. */
    static Map<String, Long> cpuTicks(long pid) {
        Map<String, Long> ticks = new HashMap<>();
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return ticks;
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(task -> {
                String stat = read(task.resolve("stat"));
                int open = stat == null ? -1 : stat.indexOf('(');
                int close = stat == null ? -1 : stat.lastIndexOf(')');
                if (open < 0 || close < open) {
                    return; // the thread ended meanwhile
                }
                String name = stat.substring(open + 1, close);
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    // after the name: state, ppid, ... utime is field 14 and stime field 15 of the line (1-based)
                    String[] fields = stat.substring(close + 2).split(" ");
                    ticks.put(task.getFileName().toString(), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        return ticks;
    }

    /**
     * The JIT compiler threads' CPU time since {@code before} ({@link #cpuTicks}): a thread that
     * started since counts whole, one that ended since is not seen.
     */
    static long nanosSince(long pid, Map<String, Long> before) {
        long ticks = 0;
        for (Map.Entry<String, Long> now : cpuTicks(pid).entrySet()) {
            Long then = before.get(now.getKey());
            ticks += now.getValue() - (then == null ? 0 : then);
        }
        return ticks * NANOS_PER_TICK;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }
}

package dev.claimschallenge.spring;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * An error an operator must act on, logged at most once a minute: a request-time condition
 * (Keycloak unreachable since start) would otherwise write one line per request.
 */
final class OperatorLog {

    private static final long INTERVAL_MILLIS = 60_000;

    private final Logger log;
    private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

    OperatorLog(Logger log) {
        this.log = log;
    }

    void error(String message) {
        long now = System.currentTimeMillis();
        long before = last.get();
        if ((before == Long.MIN_VALUE || now - before >= INTERVAL_MILLIS) && last.compareAndSet(before, now)) {
            log.error(message);
        } else {
            log.debug(message);
        }
    }
}

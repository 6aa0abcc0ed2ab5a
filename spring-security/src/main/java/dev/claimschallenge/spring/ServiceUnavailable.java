package dev.claimschallenge.spring;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;

/**
 * The library's one fail-closed answer: 503 {@code temporarily_unavailable}, with the reason in the
 * log (at most once a minute, {@link OperatorLog}) and not in the answer, which any caller sees.
 */
final class ServiceUnavailable {

    private final OperatorLog log;

    ServiceUnavailable(Logger logger) {
        this.log = new OperatorLog(logger);
    }

    void answer(HttpServletResponse response, String reason) throws IOException {
        log.error(reason);
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"temporarily_unavailable\",\"error_description\":"
                + "\"The API cannot judge access tokens right now; its log has the reason\"}");
    }
}

package dev.claimschallenge.demo;

import dev.claimschallenge.spring.Judgement;
import dev.claimschallenge.spring.PolicyDocument;
import dev.claimschallenge.spring.TokenJudge;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Around the API, outside Spring Security: counts its requests, and gives the library's 401s the
 * JSON body the demo always had ({@code {"error": ..., "missing": [...]}}), which the page shows
 * and reads {@code missing} from. The judging and the challenge header stay the library's: this
 * only words what the library's judge decided ({@link Remembering}).
 */
final class ApiAnswers extends OncePerRequestFilter {

    /** The judgement of the request this thread serves, if the library judged its token. */
    private static final ThreadLocal<Judgement> JUDGEMENT = new ThreadLocal<>();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AtomicInteger requests = new AtomicInteger();

    int requests() {
        return requests.get();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        requests.incrementAndGet();
        Judgement judgement;
        try {
            chain.doFilter(request, response);
        } finally {
            judgement = JUDGEMENT.get();
            JUDGEMENT.remove();
        }
        if (response.getStatus() != HttpServletResponse.SC_UNAUTHORIZED || response.isCommitted()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (judgement != null && !judgement.satisfied()) {
            body.put("error", "DELETE".equals(request.getMethod())
                    ? "the token does not satisfy this API's policy and context " + DemoServer.SENSITIVE_CONTEXT
                    : "the token does not satisfy this API's policy");
            body.put("missing", judgement.missing());
        } else if (request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
            body.put("error", "no token");
        } else {
            return; // invalid_token and other bearer errors: the challenge says it all
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(body));
    }

    /** The library's judge, answering as it does, with each judgement left on the request. */
    record Remembering(TokenJudge judge) implements TokenJudge {

        @Override
        public Judgement judge(PolicyDocument document, Map<String, Object> claims, List<String> contexts, long now) {
            // the library judges in the thread that serves the request, inside ApiAnswers' filter
            Judgement judgement = judge.judge(document, claims, contexts, now);
            JUDGEMENT.set(judgement);
            return judgement;
        }

        @Override
        public String invalidToken(PolicyDocument document) {
            return judge.invalidToken(document);
        }
    }
}

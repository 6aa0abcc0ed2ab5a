package dev.claimschallenge.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Judges every request that Spring authenticated with a JWT and let through its authorization
 * rules (so Spring's own 403 {@code insufficient_scope} comes first, unchanged): the API's policy
 * plus the contexts of the operation ({@link AuthenticationContexts}). A token that falls short
 * gets 401 with the challenge evaluate would send. Without a policy document the answer is 503:
 * no token goes through unjudged.
 */
class ClaimsChallengeFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimsChallengeFilter.class);

    private final PolicyDocumentClient documents;
    private final AuthenticationContexts contexts;
    private final TokenJudge judge;
    private final Clock clock;
    private final ServiceUnavailable unavailable = new ServiceUnavailable(LOG);

    ClaimsChallengeFilter(PolicyDocumentClient documents, AuthenticationContexts contexts, TokenJudge judge, Clock clock) {
        this.documents = documents;
        this.contexts = contexts;
        this.judge = judge;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            // no token: Spring's rules let the request through (permitAll), so there is nothing to judge
            chain.doFilter(request, response);
            return;
        }
        PolicyDocument document = documents.current();
        if (document == null) {
            unavailable(response, "no claims-challenge policy document was ever fetched from Keycloak (see the warnings of "
                    + PolicyDocumentClient.class.getSimpleName() + "); answering 503 to requests with a token until one is");
            return;
        }
        List<String> needed = contexts.of(request);
        List<String> unlisted = needed.stream().filter(id -> !document.contexts().containsKey(id)).toList();
        if (!unlisted.isEmpty()) {
            unavailable(response, request.getMethod() + " " + request.getRequestURI() + " requires authentication context(s) "
                    + unlisted + " that the API's policy in Keycloak no longer lists; answering 503 until it lists them again");
            return;
        }
        Judgement judgement;
        try {
            judgement = judge.judge(document, TokenPayload.claims(token.getToken().getTokenValue()), needed, clock.millis() / 1000);
        } catch (IllegalStateException e) {
            unavailable(response, "the token could not be judged: " + e.getMessage());
            return;
        }
        if (judgement.satisfied()) {
            chain.doFilter(request, response);
            return;
        }
        LOG.debug("{} {}: the token of {} falls short of {}", request.getMethod(), request.getRequestURI(),
                token.getToken().getClaims().get("azp"), judgement.missing());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, judgement.wwwAuthenticate());
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    }

    private void unavailable(HttpServletResponse response, String reason) throws IOException {
        unavailable.answer(response, reason);
    }
}

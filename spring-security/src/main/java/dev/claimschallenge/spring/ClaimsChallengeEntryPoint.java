package dev.claimschallenge.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The 401s before judging, as evaluate and the policy document word them: no token gets the
 * document's challenge (no error, RFC 6750 section 3.1), a token Spring's JwtDecoder refused gets
 * {@code invalid_token} as evaluate builds it for an inactive token. Other bearer errors
 * ({@code invalid_request}: a malformed header) and every answer while no document was ever
 * fetched stay Spring's own.
 */
class ClaimsChallengeEntryPoint implements AuthenticationEntryPoint {

    private final PolicyDocumentClient documents;
    private final TokenJudge judge;
    private final AuthenticationEntryPoint spring = new BearerTokenAuthenticationEntryPoint();

    ClaimsChallengeEntryPoint(PolicyDocumentClient documents, TokenJudge judge) {
        this.documents = documents;
        this.judge = judge;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException, jakarta.servlet.ServletException {
        PolicyDocument document = documents.current();
        String challenge = null;
        if (document != null && exception instanceof OAuth2AuthenticationException bearer) {
            if (OAuth2ErrorCodes.INVALID_TOKEN.equals(bearer.getError().getErrorCode())) {
                challenge = invalidToken(document);
            }
        } else if (document != null) {
            challenge = document.noTokenChallenge();
        }
        if (challenge == null) {
            spring.commence(request, response, exception);
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    }

    private String invalidToken(PolicyDocument document) {
        try {
            return judge.invalidToken(document);
        } catch (IllegalStateException e) {
            return null; // no engine in this build: Spring's own invalid_token
        }
    }
}

package dev.claimschallenge.spring;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * A bearer token Spring could not check for a reason of the API's own (the realm's discovery
 * document or keys unreachable, e.g. Keycloak down since the API started) gets the library's 503,
 * as a missing policy document does; Spring would otherwise rethrow it as a 500. A token Spring
 * refused gets the entry point's {@code invalid_token} challenge, as before.
 */
final class DecoderUnavailableHandler implements AuthenticationFailureHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DecoderUnavailableHandler.class);

    private final AuthenticationFailureHandler refused;
    private final ServiceUnavailable unavailable = new ServiceUnavailable(LOG);

    DecoderUnavailableHandler(AuthenticationEntryPoint entryPoint) {
        this.refused = new AuthenticationEntryPointFailureHandler(entryPoint);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException, ServletException {
        if (exception instanceof AuthenticationServiceException) {
            unavailable.answer(response, "access tokens cannot be validated: " + exception.getMessage()
                    + " (is Keycloak's issuer reachable from the API? claims-challenge.issuer-uri); answering 503 until it is");
            return;
        }
        refused.onAuthenticationFailure(request, response, exception);
    }
}

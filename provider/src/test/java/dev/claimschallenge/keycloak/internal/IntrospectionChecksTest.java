package dev.claimschallenge.keycloak.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.AccessToken;

/**
 * What evaluate makes of failures no running Keycloak can be made to produce on purpose: a token
 * that breaks Keycloak's own checks is inactive, a failure once the token is Keycloak's own is a
 * server error with a WARN and a failed event.
 */
class IntrospectionChecksTest {

    private final KeycloakSession session = mock(KeycloakSession.class, RETURNS_DEEP_STUBS);
    private final EventBuilder event = mock(EventBuilder.class, RETURNS_SELF);

    IntrospectionChecksTest() {
        when(session.getContext().getRealm().getName()).thenReturn("throwaway");
        when(session.getContext().getClient().getClientId()).thenReturn("api");
        when(session.getContext().getUri().getBaseUri()).thenReturn(URI.create("http://localhost:8080/"));
    }

    @Test
    void anInternalFailureAfterTheTokenChecksIsAServerErrorNotAnInactiveToken() {
        IllegalStateException cause = new IllegalStateException("user storage unreachable");
        IntrospectionChecks evaluated = new IntrospectionChecks(session, (rebuilt, token, userSession, s) -> { }) {
            @Override
            protected boolean introspectionChecks(String encoded) {
                throw cause;
            }
        };

        IntrospectionChecks.EvaluationFailure failure = assertThrows(IntrospectionChecks.EvaluationFailure.class,
                () -> evaluated.verify("a.b.c", event));

        assertSame(cause, failure.getCause());
        verify(event).error(Errors.TOKEN_INTROSPECTION_FAILED);
        verify(event, never()).success();
    }

    @Test
    void aTokenKeycloakCannotEvenReadIsInactive() {
        // no alg at all: Keycloak's own check reads the header's algorithm name and fails with a NullPointerException
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"typ\":\"Bearer\",\"iss\":\"http://localhost:8080/realms/throwaway\"}".getBytes(StandardCharsets.UTF_8));

        assertTrue(new IntrospectionChecks(session, (rebuilt, token, userSession, s) -> { }).verify(header + "." + payload + ".", event).isEmpty());
        verify(event).error(Errors.INVALID_TOKEN);
    }

    @Test
    void onlyBearerAndDpopTokensAreAccessTokensCaseInsensitivelyAsInKeycloak() {
        assertTrue(IntrospectionChecks.isAccessToken(typed("Bearer")));
        assertTrue(IntrospectionChecks.isAccessToken(typed("bearer")), "a client with lower-case token types");
        assertTrue(IntrospectionChecks.isAccessToken(typed("DPoP")));
        assertFalse(IntrospectionChecks.isAccessToken(typed("ID")));
        assertFalse(IntrospectionChecks.isAccessToken(typed("Refresh")));
        assertFalse(IntrospectionChecks.isAccessToken(typed(null)));
    }

    private static AccessToken typed(String type) {
        AccessToken token = new AccessToken();
        token.type(type);
        return token;
    }
}

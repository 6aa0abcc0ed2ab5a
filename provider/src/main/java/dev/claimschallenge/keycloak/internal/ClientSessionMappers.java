package dev.claimschallenge.keycloak.internal;

import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.ProtocolMapperUtils;
import org.keycloak.services.util.DefaultClientSessionContext;

/**
 * The protocol mappers of a client session and the context they run in, as Keycloak's token
 * manager finds them ({@code ProtocolMapperUtils}, {@code DefaultClientSessionContext}: Keycloak
 * services, not public SPIs; checked by {@code KeycloakInternalsTest}).
 */
public final class ClientSessionMappers {

    private ClientSessionMappers() {
    }

    /** The context's effective mappers that pass {@code filter}, in Keycloak's priority order, with their types. */
    public static Stream<Map.Entry<ProtocolMapperModel, ProtocolMapper>> sorted(KeycloakSession session, ClientSessionContext context,
            Predicate<Map.Entry<ProtocolMapperModel, ProtocolMapper>> filter) {
        return ProtocolMapperUtils.getSortedProtocolMappers(session, context, filter);
    }

    /** The context of a client session for a token with this {@code scope}, as Keycloak builds it at introspection. */
    public static ClientSessionContext context(AuthenticatedClientSessionModel clientSession, String scope, KeycloakSession session) {
        return DefaultClientSessionContext.fromClientSessionAndScopeParameter(clientSession, scope, session);
    }
}

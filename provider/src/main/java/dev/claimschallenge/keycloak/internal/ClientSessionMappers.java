package dev.claimschallenge.keycloak.internal;

import java.util.ArrayList;
import java.util.AbstractMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
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

    /**
     * What {@link #sorted} gives for a filter that looks at the mapper's model only, found with
     * less work: the filter runs before a mapper's type is looked up, and only the mappers that
     * pass are sorted. Keycloak's priority order is kept (a stable sort of the same encounter
     * order, by {@link ProtocolMapper#getPriority}), and so is its rule that a mapper whose type
     * is not deployed is left out. Keycloak's transient confirmation mappers (DPoP, mTLS), which
     * write only an access token's {@code cnf}, are not among them. Public SPIs only; a claims
     * request runs it for every token it enriches, over every mapper of the client's scopes,
     * to pick the few that can produce the claims asked for.
     */
    public static List<Map.Entry<ProtocolMapperModel, ProtocolMapper>> selected(KeycloakSession session, ClientSessionContext context,
            Predicate<ProtocolMapperModel> filter) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        List<Map.Entry<ProtocolMapperModel, ProtocolMapper>> selected = new ArrayList<>();
        context.getProtocolMappersStream().forEach(model -> {
            if (filter.test(model)) {
                ProtocolMapper type = (ProtocolMapper) factory.getProviderFactory(ProtocolMapper.class, model.getProtocolMapper());
                if (type != null) {
                    selected.add(new AbstractMap.SimpleImmutableEntry<>(model, type));
                }
            }
        });
        selected.sort(Comparator.comparingInt(entry -> entry.getValue().getPriority()));
        return selected;
    }

    /** The context of a client session for a token with this {@code scope}, as Keycloak builds it at introspection. */
    public static ClientSessionContext context(AuthenticatedClientSessionModel clientSession, String scope, KeycloakSession session) {
        return DefaultClientSessionContext.fromClientSessionAndScopeParameter(clientSession, scope, session);
    }
}

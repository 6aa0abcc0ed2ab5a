package dev.claimschallenge.keycloak.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.ProtocolMapperUtils;
import org.keycloak.protocol.oidc.mappers.HardcodedClaim;

/**
 * {@link ClientSessionMappers#selected} picks the same mappers, in the same order, as Keycloak's
 * {@code ProtocolMapperUtils.getSortedProtocolMappers} with the same filter: by priority, ties
 * in the context's order, types that are not deployed left out.
 */
class ClientSessionMappersTest {

    /** A mapper type with a priority of its own. */
    static final class Prioritised extends HardcodedClaim {
        private final String id;
        private final int priority;

        Prioritised(String id, int priority) {
            this.id = id;
            this.priority = priority;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public int getPriority() {
            return priority;
        }
    }

    @Test
    void selectsWhatKeycloaksSortedMappersGiveForTheSameFilter() {
        Map<String, ProtocolMapper> types = Map.of("late", new Prioritised("late", 10), "early", new Prioritised("early", -5),
                "usual", new Prioritised("usual", 0));
        Set<ProtocolMapperModel> models = new LinkedHashSet<>();
        for (String[] mapper : new String[][] {{"a", "late"}, {"b", "usual"}, {"c", "early"}, {"d", "usual"}, {"e", "undeployed"},
                {"f", "late"}, {"skip-1", "early"}, {"g", "usual"}, {"skip-2", "usual"}}) {
            ProtocolMapperModel model = new ProtocolMapperModel();
            model.setId(mapper[0]);
            model.setName(mapper[0]);
            model.setProtocol("test-protocol");
            model.setProtocolMapper(mapper[1]);
            models.add(model);
        }
        KeycloakSessionFactory factory = mock(KeycloakSessionFactory.class);
        types.forEach((id, type) -> when(factory.getProviderFactory(eq(ProtocolMapper.class), eq(id))).thenReturn(type));
        KeycloakSession session = mock(KeycloakSession.class);
        when(session.getKeycloakSessionFactory()).thenReturn(factory);
        ClientModel client = mock(ClientModel.class);
        when(client.getProtocol()).thenReturn("test-protocol"); // not OIDC: Keycloak adds no transient mappers
        AuthenticatedClientSessionModel clientSession = mock(AuthenticatedClientSessionModel.class);
        when(clientSession.getClient()).thenReturn(client);
        ClientSessionContext context = mock(ClientSessionContext.class);
        when(context.getClientSession()).thenReturn(clientSession);
        when(context.getProtocolMappersStream()).thenAnswer(call -> models.stream());
        Predicate<ProtocolMapperModel> filter = model -> !model.getName().startsWith("skip");

        List<String> keycloaks = ProtocolMapperUtils.getSortedProtocolMappers(session, context, entry -> filter.test(entry.getKey()))
                .map(entry -> entry.getKey().getName()).toList();
        List<String> selected = ClientSessionMappers.selected(session, context, filter).stream()
                .map(entry -> entry.getKey().getName()).toList();

        assertEquals(List.of("c", "b", "d", "g", "a", "f"), keycloaks);
        assertEquals(keycloaks, selected);
    }
}

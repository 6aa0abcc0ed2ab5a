package dev.claimschallenge.keycloak.internal;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.oidc.mappers.AudienceProtocolMapper;
import org.keycloak.protocol.oidc.mappers.AudienceResolveProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.representations.AccessToken;

/**
 * The audience Keycloak gives a token of a client session, computed the way it computes it: the
 * audience and audience-resolve mappers of the context's effective client scopes, run on a
 * scratch token. Needed because a lightweight access token carries no {@code aud} while the
 * extension sees it, yet its audience shows at introspection, and the audience's policies must
 * govern it all the same. Relies on {@link ClientSessionMappers#sorted} and on
 * both mappers implementing {@link TokenIntrospectionTokenMapper} (checked by
 * {@code KeycloakInternalsTest}).
 */
public final class SessionAudience {

    /** The mapper types that set {@code aud}. */
    static final List<String> AUDIENCE_MAPPERS = List.of(AudienceProtocolMapper.PROVIDER_ID, AudienceResolveProtocolMapper.PROVIDER_ID);

    private SessionAudience() {
    }

    /**
     * Every client id a mapper puts in this session's access tokens or in their introspection
     * answer. The mappers run in their introspection form: unlike the access-token form, it does
     * not depend on whether the client asked for lightweight tokens.
     */
    public static Set<String> of(KeycloakSession session, ClientSessionContext context) {
        return compute(session, context, SessionAudience::setsAudience);
    }

    /**
     * What {@link #of} adds to the {@code aud} of a regular (not lightweight) access token of this
     * session: Keycloak already ran, for that token, every audience mapper that adds to access
     * tokens, so only those that add to introspection answers alone (or are configured for
     * neither) can add more. Usually none: then no mapper runs.
     */
    public static Set<String> beyondRegularToken(KeycloakSession session, ClientSessionContext context) {
        return compute(session, context, model -> setsAudience(model)
                && (model.getConfig() == null || !OIDCAttributeMapperHelper.includeInAccessToken(model)));
    }

    private static Set<String> compute(KeycloakSession session, ClientSessionContext context,
            java.util.function.Predicate<ProtocolMapperModel> runs) {
        // most sessions have no audience mapper that would run: tell from the mapper models alone,
        // before Keycloak looks up every mapper's type and sorts them all (a refresh paid that for nothing)
        if (context.getProtocolMappersStream().noneMatch(model -> AUDIENCE_MAPPERS.contains(model.getProtocolMapper()) && runs.test(model))) {
            return Set.of();
        }
        AccessToken scratch = new AccessToken();
        ClientSessionMappers.sorted(session, context,
                        mapper -> AUDIENCE_MAPPERS.contains(mapper.getKey().getProtocolMapper()) && runs.test(mapper.getKey()))
                .forEach(mapper -> {
                    ProtocolMapperModel model = mapper.getKey();
                    ProtocolMapper type = mapper.getValue();
                    if (type instanceof TokenIntrospectionTokenMapper introspection) {
                        introspection.transformIntrospectionToken(scratch, forIntrospection(model), session,
                                context.getClientSession().getUserSession(), context);
                    }
                });
        return scratch.getAudience() == null ? Set.of() : new LinkedHashSet<>(List.of(scratch.getAudience()));
    }

    /**
     * Whether the mapper adds to a regular access token or to introspection answers. A missing
     * setting counts as on: Keycloak's audience-resolve mapper treats old mappers that way.
     */
    private static boolean setsAudience(ProtocolMapperModel model) {
        Map<String, String> config = model.getConfig() == null ? Map.of() : model.getConfig();
        return OIDCAttributeMapperHelper.includeInAccessToken(model) || OIDCAttributeMapperHelper.includeInIntrospection(model)
                || (!config.containsKey(OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN)
                        && !config.containsKey(OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION));
    }

    /** A copy that runs in introspection form whichever token kind it was configured for. */
    private static ProtocolMapperModel forIntrospection(ProtocolMapperModel model) {
        ProtocolMapperModel copy = new ProtocolMapperModel();
        copy.setId(model.getId());
        copy.setName(model.getName());
        copy.setProtocol(model.getProtocol());
        copy.setProtocolMapper(model.getProtocolMapper());
        Map<String, String> config = new HashMap<>(model.getConfig() == null ? Map.of() : model.getConfig());
        config.put(OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION, "true");
        copy.setConfig(config);
        return copy;
    }
}

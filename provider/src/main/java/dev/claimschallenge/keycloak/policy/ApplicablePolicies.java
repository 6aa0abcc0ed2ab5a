package dev.claimschallenge.keycloak.policy;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.protocol.oidc.mappers.AudienceProtocolMapper;
import org.keycloak.protocol.oidc.mappers.AudienceResolveProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.representations.AccessToken;

/**
 * Which policies govern a token: those of the client it is issued to and of every client in its
 * audience. The audience is what Keycloak gives the token, whether or not the token carries it
 * ({@code docs/policies.md}, "Which policies govern a token").
 */
public final class ApplicablePolicies {

    /** {@code AudienceProtocolMapper.INCLUDED_CUSTOM_AUDIENCE}, private there. */
    private static final String INCLUDED_CUSTOM_AUDIENCE = "included.custom.audience";

    private ApplicablePolicies() {
    }

    /**
     * @param sessionAudience the audience Keycloak's mappers compute for the token's client
     *                        session (a lightweight access token carries no {@code aud}, but has one
     *                        at introspection); asked for only when some client with a policy is
     *                        neither the token's client nor in the audience it carries, since
     *                        running those mappers is the dear part and most tokens need not
     */
    public static List<RequiredClaimsPolicy> forToken(RealmModel realm, AccessToken token, Supplier<Collection<String>> sessionAudience) {
        Set<String> carried = new LinkedHashSet<>();
        if (token.getIssuedFor() != null) {
            carried.add(token.getIssuedFor());
        }
        if (token.getAudience() != null) {
            carried.addAll(List.of(token.getAudience()));
        }
        return new PolicySnapshot(realm).forAudience(carried, sessionAudience);
    }

    /**
     * Before login the token's audience is not known yet, so it is predicted from what the
     * request names: the client itself; the clients that audience mappers name, on the client and
     * on its default client scopes and the optional ones the {@code scope} parameter requests; and,
     * where an audience-resolve mapper is among them, every client with a role in the client's
     * role scope (the user is not known yet: assume they hold it). Used to step up at the
     * authorization endpoint, so that the first token already passes.
     *
     * @param scopeParam the request's {@code scope} parameter, or {@code null}
     */
    public static List<RequiredClaimsPolicy> forAuthorization(RealmModel realm, ClientModel client, String scopeParam) {
        Set<String> requested = scopeParam == null ? Set.of() : Arrays.stream(scopeParam.trim().split("\\s+")).collect(Collectors.toSet());
        List<ClientScopeModel> scopes = Stream.concat(client.getClientScopes(true).values().stream(),
                client.getClientScopes(false).entrySet().stream().filter(e -> requested.contains(e.getKey())).map(Map.Entry::getValue))
                .toList();
        List<ProtocolMapperModel> mappers = Stream.concat(client.getProtocolMappersStream(),
                        scopes.stream().flatMap(ClientScopeModel::getProtocolMappersStream))
                .filter(ApplicablePolicies::setsAudience)
                .toList();

        Set<String> clients = new LinkedHashSet<>();
        clients.add(client.getClientId());
        mappers.stream()
                .filter(mapper -> AudienceProtocolMapper.PROVIDER_ID.equals(mapper.getProtocolMapper()))
                .map(ApplicablePolicies::audienceOf)
                .filter(audience -> audience != null && !audience.isBlank())
                .forEach(clients::add);
        PolicySnapshot store = new PolicySnapshot(realm);
        if (mappers.stream().anyMatch(mapper -> AudienceResolveProtocolMapper.PROVIDER_ID.equals(mapper.getProtocolMapper()))) {
            // only clients with a policy matter: look at those, not at every client of the realm
            // from the realm's snapshot of its policies, as tokens read them: never parsed per request
            store.clientsWithPolicies().stream()
                    .filter(clientId -> !clientId.equals(client.getClientId()))
                    .map(realm::getClientByClientId)
                    .filter(other -> other != null && other.getRolesStream().anyMatch(role -> inRoleScope(role, client, scopes)))
                    .forEach(other -> clients.add(other.getClientId()));
        }
        return store.forClients(clients);
    }

    /** Whether a token of {@code client} with these scopes may carry {@code role} (full scope, or a scope mapping). */
    private static boolean inRoleScope(RoleModel role, ClientModel client, List<ClientScopeModel> scopes) {
        return client.isFullScopeAllowed() || client.hasScope(role) || scopes.stream().anyMatch(scope -> scope.hasScope(role));
    }

    /** What an audience mapper adds: its client audience, else its custom one (Keycloak's own fallback). */
    private static String audienceOf(ProtocolMapperModel mapper) {
        Map<String, String> config = mapper.getConfig() == null ? Map.of() : mapper.getConfig();
        String audience = config.get(AudienceProtocolMapper.INCLUDED_CLIENT_AUDIENCE);
        return audience != null ? audience : config.get(INCLUDED_CUSTOM_AUDIENCE);
    }

    /** An audience or audience-resolve mapper that adds to access tokens or their introspection (unset counts as on). */
    private static boolean setsAudience(ProtocolMapperModel mapper) {
        if (!AudienceProtocolMapper.PROVIDER_ID.equals(mapper.getProtocolMapper())
                && !AudienceResolveProtocolMapper.PROVIDER_ID.equals(mapper.getProtocolMapper())) {
            return false;
        }
        Map<String, String> config = mapper.getConfig() == null ? Map.of() : mapper.getConfig();
        String accessToken = config.get(OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN);
        String introspection = config.get(OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION);
        return (accessToken == null && introspection == null) || "true".equals(accessToken) || "true".equals(introspection);
    }
}

package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.engine.RequestedClaim;
import dev.claimschallenge.keycloak.policy.AuthenticationContext;
import dev.claimschallenge.keycloak.policy.RequirementStore;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;
import org.keycloak.util.TokenUtil;

/**
 * A claim a policy of the token's audience names (required or requestable), or a context such a
 * policy lists requires, computed by the protocol mappers configured on that policy's client
 * itself: the API team decides how its required claims are computed, for every client that calls
 * it. For a merely requestable claim it is asked after the client's own scopes. For a claim a
 * policy or a context REQUIRES, the API decides alone wherever it has a mapper for it
 * ({@link #decides}): a requesting app must never meet an API's requirement with a value its own
 * mappers wrote (docs/security.md, "Trust"). Policies in order, the first with a value wins.
 * Allowlisted mapper types only, and only those that can produce a requested claim.
 */
final class PolicyClientMapperSource implements ClaimSource {

    /**
     * For each claim the {@code policies} require, directly or through a context they list, the
     * clients of those policies, in policy order: the clients whose mappers decide it.
     */
    static Map<String, List<String>> requiredBy(RealmModel realm, List<RequiredClaimsPolicy> policies) {
        if (policies.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> clients = new LinkedHashMap<>();
        RequirementStore<AuthenticationContext> contexts = RequirementStore.contexts(realm);
        for (RequiredClaimsPolicy policy : policies) {
            policy.requiredClaims().forEach(claim -> addOnce(clients, claim.name(), policy.clientId()));
            contexts.byKeys(policy.contexts()).forEach(context -> context.requiredClaims()
                    .forEach(claim -> addOnce(clients, claim.name(), policy.clientId())));
        }
        return clients;
    }

    private static void addOnce(Map<String, List<String>> clients, String claim, String clientId) {
        List<String> list = clients.computeIfAbsent(claim, name -> new ArrayList<>());
        if (!list.contains(clientId)) {
            list.add(clientId);
        }
    }

    /**
     * Whether the API decides {@code name} alone: a policy or context requires it, and a client
     * whose policy requires it has an allowlisted mapper that can produce it.
     */
    boolean decides(String name, ClaimSourceContext context) {
        List<String> clients = context.requiredBy().getOrDefault(name, List.of());
        if (clients.isEmpty()) {
            return false;
        }
        RealmModel realm = context.clientSession().getRealm();
        Set<String> allowed = MapperAllowlist.of(realm);
        Set<String> names = Set.of(name);
        for (String clientId : clients) {
            ClientModel client = realm.getClientByClientId(clientId);
            if (client != null && client.getProtocolMappersStream()
                    .anyMatch(model -> allowed.contains(model.getProtocolMapper()) && MapperClaimNames.mayProduce(model, names))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Object value(RequestedClaim claim, ClaimSourceContext context) {
        Map<String, Map<String, Object>> byClient = context.once(this, HashMap::new);
        for (String clientId : candidates(claim.name(), context)) {
            Map<String, Object> computed = byClient.computeIfAbsent(clientId, id -> compute(id, context));
            Object value = computed.get(claim.name());
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The clients that require {@code name}, then those whose policies make it requestable. */
    private static Set<String> candidates(String name, ClaimSourceContext context) {
        Set<String> clients = new LinkedHashSet<>(context.requiredBy().getOrDefault(name, List.of()));
        for (RequiredClaimsPolicy policy : context.audiencePolicies()) {
            if (policy.releasableClaimNames().contains(name)) {
                clients.add(policy.clientId());
            }
        }
        return clients;
    }
    /** What the mappers configured on {@code clientId} itself compute for this session (nothing for a deleted client). */
    private static Map<String, Object> compute(String clientId, ClaimSourceContext context) {
        ClientModel client = context.clientSession().getRealm().getClientByClientId(clientId);
        if (client == null) {
            return Map.of();
        }
        KeycloakSession session = context.session();
        ClientSessionContext clientSessionContext = context.clientSessionContext();
        UserSessionModel userSession = context.clientSession().getUserSession();
        Set<String> allowed = MapperAllowlist.of(context.clientSession().getRealm());
        Set<String> names = context.requestedNames();
        AccessToken[] accessToken = {new AccessToken()};
        IDToken[] idToken = {new IDToken()};
        idToken[0].type(TokenUtil.TOKEN_TYPE_ID);
        client.getProtocolMappersStream()
                .filter(model -> allowed.contains(model.getProtocolMapper()) && MapperClaimNames.mayProduce(model, names))
                .forEach(model -> {
                    Object mapper = session.getKeycloakSessionFactory().getProviderFactory(ProtocolMapper.class, model.getProtocolMapper());
                    if (mapper instanceof OIDCAccessTokenMapper accessTokenMapper) {
                        accessToken[0] = accessTokenMapper.transformAccessToken(accessToken[0], model, session, userSession, clientSessionContext);
                    }
                    if (mapper instanceof OIDCIDTokenMapper idTokenMapper) {
                        idToken[0] = idTokenMapper.transformIDToken(idToken[0], model, session, userSession, clientSessionContext);
                    }
                });
        return TokenClaims.firstOf(names, idToken[0], accessToken[0]);
    }
}

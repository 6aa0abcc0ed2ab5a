package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.keycloak.claims.RequestedClaim;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;
import org.keycloak.util.TokenUtil;

/**
 * A claim a policy of the token's audience names (required or requestable), computed by the
 * protocol mappers configured on that policy's client itself: the API team decides how its
 * required claims are computed, for every client that calls it. Asked after the client's own
 * scopes; policies in order, the first with a value wins. Allowlisted mapper types only, and only
 * those that can produce a requested claim.
 */
final class PolicyClientMapperSource implements ClaimSource {

    @Override
    public Object value(RequestedClaim claim, ClaimSourceContext context) {
        Map<String, Map<String, Object>> byClient = context.once(this, HashMap::new);
        for (RequiredClaimsPolicy policy : context.audiencePolicies()) {
            if (!policy.releasableClaimNames().contains(claim.name())) {
                continue;
            }
            Map<String, Object> computed = byClient.computeIfAbsent(policy.clientId(), clientId -> compute(clientId, context));
            Object value = computed.get(claim.name());
            if (value != null) {
                return value;
            }
        }
        return null;
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

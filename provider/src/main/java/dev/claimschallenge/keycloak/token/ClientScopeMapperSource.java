package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.engine.RequestedClaim;
import dev.claimschallenge.keycloak.internal.ClientSessionMappers;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;
import org.keycloak.util.TokenUtil;

/**
 * The default entitlement: what the client's own client scopes release to its ID token or
 * userinfo, computed by their protocol mappers for this user and session. Only mapper types on
 * the {@link MapperAllowlist} count: a mapper that echoes a value from the request would make it,
 * in an access token, an assertion the client made, not Keycloak. Only the mappers that can
 * produce a requested claim run ({@link MapperClaimNames}), once for all requested claims; where
 * both forms carry a claim, the ID token's value counts, so the userinfo forms run only for the
 * claims the ID token did not get (the two are separate scratch tokens: leaving some out changes
 * no other claim's value).
 */
final class ClientScopeMapperSource implements ClaimSource {

    @Override
    public Object value(RequestedClaim claim, ClaimSourceContext context) {
        Map<String, Object> released = context.once(this, () -> compute(context));
        return released.get(claim.name());
    }

    private static Map<String, Object> compute(ClaimSourceContext context) {
        KeycloakSession session = context.session();
        ClientSessionContext clientSessionContext = context.clientSessionContext();
        UserSessionModel userSession = context.clientSession().getUserSession();
        Set<String> allowed = MapperAllowlist.of(context.clientSession().getRealm());
        Set<String> names = context.requestedNames();
        List<Map.Entry<ProtocolMapperModel, ProtocolMapper>> candidates = ClientSessionMappers.selected(session, clientSessionContext,
                model -> allowed.contains(model.getProtocolMapper()) && MapperClaimNames.mayProduce(model, names));
        IDToken idToken = new IDToken();
        idToken.type(TokenUtil.TOKEN_TYPE_ID);
        idToken.subject(userSession.getUser().getId());
        for (Map.Entry<ProtocolMapperModel, ProtocolMapper> mapper : candidates) {
            if (mapper.getValue() instanceof OIDCIDTokenMapper idTokenMapper) {
                idToken = idTokenMapper.transformIDToken(idToken, mapper.getKey(), session, userSession, clientSessionContext);
            }
        }
        Map<String, Object> released = TokenClaims.carried(names, idToken);
        Set<String> missing = new HashSet<>(names);
        missing.removeAll(released.keySet());
        if (!missing.isEmpty()) {
            AccessToken userinfo = new AccessToken();
            for (Map.Entry<ProtocolMapperModel, ProtocolMapper> mapper : candidates) {
                if (mapper.getValue() instanceof UserInfoTokenMapper userinfoMapper && MapperClaimNames.mayProduce(mapper.getKey(), missing)) {
                    userinfo = userinfoMapper.transformUserInfoToken(userinfo, mapper.getKey(), session, userSession, clientSessionContext);
                }
            }
            released.putAll(TokenClaims.carried(missing, userinfo));
        }
        return released;
    }
}

package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.keycloak.claims.RequestedClaim;
import dev.claimschallenge.keycloak.internal.ClientSessionMappers;
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
 * both forms carry a claim, the ID token's value counts.
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
        AccessToken[] userinfo = {new AccessToken()};
        IDToken[] idToken = {new IDToken()};
        idToken[0].type(TokenUtil.TOKEN_TYPE_ID);
        idToken[0].subject(userSession.getUser().getId());
        ClientSessionMappers.sorted(session, clientSessionContext,
                        mapper -> computesFromUserData(mapper, allowed) && MapperClaimNames.mayProduce(mapper.getKey(), names))
                .forEach(mapper -> {
                    ProtocolMapperModel model = mapper.getKey();
                    if (mapper.getValue() instanceof UserInfoTokenMapper userinfoMapper) {
                        userinfo[0] = userinfoMapper.transformUserInfoToken(userinfo[0], model, session, userSession, clientSessionContext);
                    }
                    if (mapper.getValue() instanceof OIDCIDTokenMapper idTokenMapper) {
                        idToken[0] = idTokenMapper.transformIDToken(idToken[0], model, session, userSession, clientSessionContext);
                    }
                });
        return TokenClaims.firstOf(names, idToken[0], userinfo[0]);
    }

    private static boolean computesFromUserData(Map.Entry<ProtocolMapperModel, ProtocolMapper> mapper, Set<String> allowed) {
        return (mapper.getValue() instanceof OIDCIDTokenMapper || mapper.getValue() instanceof UserInfoTokenMapper)
                && allowed.contains(mapper.getKey().getProtocolMapper());
    }
}

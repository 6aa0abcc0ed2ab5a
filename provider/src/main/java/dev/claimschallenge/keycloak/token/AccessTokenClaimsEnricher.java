package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.keycloak.claims.ClaimsRequest;
import dev.claimschallenge.keycloak.claims.RequestedClaim;
import dev.claimschallenge.keycloak.claims.ReservedClaims;
import dev.claimschallenge.keycloak.claims.ClaimNames;
import dev.claimschallenge.keycloak.config.ClaimsChallengeRealmConfig;
import dev.claimschallenge.keycloak.internal.ClientSessionMappers;
import dev.claimschallenge.keycloak.internal.SessionAuthentication;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;
import org.keycloak.util.JsonSerialization;
import org.keycloak.util.TokenUtil;

/**
 * Adds the claims of an {@code access_token} claims request to an access token. A claim goes in
 * only when the client is entitled to it (its own client scopes release it to its ID token or
 * userinfo), with the value Keycloak's mappers compute for this user and session, and only when
 * that value is one the request accepts. Reserved claims and claims already in the token are
 * never touched.
 */
public final class AccessTokenClaimsEnricher {

    public static final String AUTH_TIME = ClaimNames.AUTH_TIME;
    public static final String CLIENT_CAPABILITIES = ClaimNames.CLIENT_CAPABILITIES;

    private static final Logger LOG = Logger.getLogger(AccessTokenClaimsEnricher.class);

    private final KeycloakSession session;
    private final List<RequiredClaimsPolicy> audiencePolicies;

    public AccessTokenClaimsEnricher(KeycloakSession session) {
        this(session, List.of());
    }

    /**
     * With the policies of the token's audience: the claims they name (required and requestable)
     * may also be computed by the policy client's own protocol mappers, so that the API team
     * decides how its required claims are computed, for every client that calls it.
     */
    public AccessTokenClaimsEnricher(KeycloakSession session, List<RequiredClaimsPolicy> audiencePolicies) {
        this.session = session;
        this.audiencePolicies = audiencePolicies;
    }

    /**
     * Adds what {@code requests} ask for, in order: a claim a later request names is only
     * considered if an earlier one did not add it (each with its own value filter). The token is
     * read and the mappers run at most once for all of them.
     */
    public void enrich(AccessToken token, ClientSessionContext context, ClaimsRequest... requests) {
        AuthenticatedClientSessionModel clientSession = context.getClientSession();
        Set<String> present = new HashSet<>(asMap(token).keySet());
        Map<String, Object> releasable = null; // computed on first need
        List<String> added = new ArrayList<>();
        boolean authTimeRequested = false;
        for (ClaimsRequest request : requests) {
            authTimeRequested |= request.accessToken().containsKey(AUTH_TIME);
            for (RequestedClaim claim : request.accessToken().values()) {
                String name = claim.name();
                if (ReservedClaims.isReserved(name) || present.contains(name)) {
                    continue;
                }
                Object value;
                if (ClaimsRequest.ACR.equals(name)) {
                    // the level achieved, whatever was asked: a resource server compares it itself
                    token.setAcr(SessionAuthentication.acr(clientSession));
                    present.add(name);
                    added.add(name);
                    continue;
                } else if (AUTH_TIME.equals(name)) {
                    value = authTime(clientSession.getUserSession());
                } else if (CLIENT_CAPABILITIES.equals(name)) {
                    // already the configured values the request names (case-insensitively): no exact-match filter
                    List<String> capabilities = clientCapabilities(claim, clientSession);
                    if (capabilities != null) {
                        token.getOtherClaims().put(name, capabilities);
                        present.add(name);
                        added.add(name);
                    }
                    continue;
                } else {
                    if (releasable == null) {
                        releasable = releasableClaims(context);
                    }
                    value = releasable.get(name);
                }
                if (value != null && claim.matches(value)) {
                    token.getOtherClaims().put(name, value);
                    present.add(name);
                    added.add(name);
                }
            }
        }
        if (!present.contains(AUTH_TIME) && !authTimeRequested && clientSession.getNote(OIDCLoginProtocol.MAX_AGE_PARAM) != null) {
            token.getOtherClaims().put(AUTH_TIME, authTime(clientSession.getUserSession()));
        }
        LOG.debugf("Access token for client %s: added %s", clientSession.getClient().getClientId(), added);
    }

    /**
     * What the client's own scopes release to its ID token and userinfo, computed by their mappers.
     * Only mapper types on the {@link MapperAllowlist} count: a mapper that echoes a value from the
     * request would make it, in an access token, an assertion the client made, not Keycloak.
     */
    private Map<String, Object> releasableClaims(ClientSessionContext context) {
        UserSessionModel userSession = context.getClientSession().getUserSession();
        Set<String> allowed = MapperAllowlist.of(context.getClientSession().getRealm());
        AccessToken[] userinfo = {new AccessToken()};
        IDToken[] idToken = {new IDToken()};
        idToken[0].type(TokenUtil.TOKEN_TYPE_ID);
        idToken[0].subject(userSession.getUser().getId());
        ClientSessionMappers.sorted(session, context, mapper -> computesFromUserData(mapper, allowed))
                .forEach(mapper -> {
                    ProtocolMapperModel model = mapper.getKey();
                    if (mapper.getValue() instanceof UserInfoTokenMapper userinfoMapper) {
                        userinfo[0] = userinfoMapper.transformUserInfoToken(userinfo[0], model, session, userSession, context);
                    }
                    if (mapper.getValue() instanceof OIDCIDTokenMapper idTokenMapper) {
                        idToken[0] = idTokenMapper.transformIDToken(idToken[0], model, session, userSession, context);
                    }
                });
        Map<String, Object> claims = new LinkedHashMap<>(asMap(userinfo[0]));
        claims.putAll(asMap(idToken[0]));
        for (RequiredClaimsPolicy policy : audiencePolicies) {
            ClientModel api = context.getClientSession().getRealm().getClientByClientId(policy.clientId());
            if (api != null) {
                Map<String, Object> computed = computedByOwnMappers(api, context, allowed);
                policy.releasableClaimNames().forEach(name -> {
                    if (computed.get(name) != null) {
                        claims.putIfAbsent(name, computed.get(name));
                    }
                });
            }
        }
        return claims;
    }

    /** What the protocol mappers configured on {@code client} itself compute for this session. */
    private Map<String, Object> computedByOwnMappers(ClientModel client, ClientSessionContext context, Set<String> allowed) {
        UserSessionModel userSession = context.getClientSession().getUserSession();
        AccessToken[] accessToken = {new AccessToken()};
        IDToken[] idToken = {new IDToken()};
        idToken[0].type(TokenUtil.TOKEN_TYPE_ID);
        client.getProtocolMappersStream()
                .filter(model -> allowed.contains(model.getProtocolMapper()))
                .forEach(model -> {
                    Object mapper = session.getKeycloakSessionFactory().getProviderFactory(ProtocolMapper.class, model.getProtocolMapper());
                    if (mapper instanceof OIDCAccessTokenMapper accessTokenMapper) {
                        accessToken[0] = accessTokenMapper.transformAccessToken(accessToken[0], model, session, userSession, context);
                    }
                    if (mapper instanceof OIDCIDTokenMapper idTokenMapper) {
                        idToken[0] = idTokenMapper.transformIDToken(idToken[0], model, session, userSession, context);
                    }
                });
        Map<String, Object> claims = new LinkedHashMap<>(asMap(accessToken[0]));
        claims.putAll(asMap(idToken[0]));
        return claims;
    }

    private static boolean computesFromUserData(Map.Entry<ProtocolMapperModel, ProtocolMapper> mapper, Set<String> allowed) {
        return (mapper.getValue() instanceof OIDCIDTokenMapper || mapper.getValue() instanceof UserInfoTokenMapper)
                && allowed.contains(mapper.getKey().getProtocolMapper());
    }

    static Long authTime(UserSessionModel userSession) {
        return SessionAuthentication.authTime(userSession);
    }

    /** The configured capabilities the client declared (case-insensitively), as configured; {@code null} for none. */
    private static List<String> clientCapabilities(RequestedClaim claim, AuthenticatedClientSessionModel clientSession) {
        List<String> echoed = ClaimsChallengeRealmConfig.matchingClientCapabilities(clientSession.getRealm(), claim.acceptableValues());
        return echoed.isEmpty() ? null : echoed;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object token) {
        return JsonSerialization.mapper.convertValue(token, Map.class);
    }
}

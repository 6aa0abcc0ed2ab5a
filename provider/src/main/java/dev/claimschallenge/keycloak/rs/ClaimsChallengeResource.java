package dev.claimschallenge.keycloak.rs;

import dev.claimschallenge.keycloak.challenge.BearerChallenge;
import dev.claimschallenge.keycloak.challenge.ChallengeBuilder;
import dev.claimschallenge.keycloak.config.ClaimsChallengeRealmConfig;
import dev.claimschallenge.keycloak.policy.PolicyComponents;
import dev.claimschallenge.keycloak.policy.PolicyEvaluation;
import dev.claimschallenge.keycloak.policy.PolicyStore;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import dev.claimschallenge.keycloak.token.AccessTokenClaimsEnricher;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.protocol.oidc.utils.AuthorizeClientUtil;

/**
 * For resource servers, authenticated as their own Keycloak client (any client authentication
 * token introspection accepts; public clients cannot):
 * <ul>
 * <li>{@code POST evaluate} with {@code token}: is it active, does it satisfy the caller's policy,
 * what is missing, does its client handle claims challenges (one of the realm's configured client capabilities,
 * {@code cp1} by default, in the token's {@code xms_cc}), and the exact
 * {@code WWW-Authenticate} value to send with the 401;</li>
 * <li>{@code GET policy}: the caller's policy and the challenge for a request without a token.</li>
 * </ul>
 * The token is checked as Keycloak's own introspection checks it (signature, expiry, session, and
 * the rule that the caller must be in the token's audience): see {@link EvaluatedAccessToken}.
 */
public class ClaimsChallengeResource {

    private static final Logger LOG = Logger.getLogger(ClaimsChallengeResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    ClaimsChallengeResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @POST
    @Path("evaluate")
    @Produces(MediaType.APPLICATION_JSON)
    public Response evaluate() {
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.INTROSPECT_TOKEN);
        ClientModel caller = authenticate(event);
        if (caller == null) {
            return invalidClient();
        }
        String token = session.getContext().getHttpRequest().getDecodedFormParameters().getFirst("token");
        if (token == null || token.isBlank()) {
            return error(Response.Status.BAD_REQUEST, OAuthErrorException.INVALID_REQUEST, "Token not provided (form parameter token)");
        }
        Map<String, Object> claims = new EvaluatedAccessToken(session).verify(token, event).orElse(null);
        ChallengeBuilder challenges = challenges();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("active", claims != null);
        if (claims == null) {
            answer.put("satisfied", false);
            answer.put("missing", List.of());
            answer.put("www_authenticate", challenges.invalidToken().toHeaderValue());
            return Response.ok(answer).build();
        }
        RequiredClaimsPolicy policy = new PolicyStore(realm).forClient(caller.getClientId()).orElse(null);
        PolicyEvaluation evaluation = PolicyEvaluation.evaluate(policy, claims, AcrUtils.getAcrLoaMap(caller), Time.currentTime());
        answer.put("satisfied", evaluation.satisfied());
        answer.put("missing", evaluation.missingNames());
        answer.put("client_capable", claims.get(AccessTokenClaimsEnricher.CLIENT_CAPABILITIES) instanceof List<?> caps
                && !ClaimsChallengeRealmConfig.matchingClientCapabilities(realm, caps).isEmpty());
        BearerChallenge challenge = challenges.forMissing(evaluation.missingClaims(), evaluation.missingAcr(), evaluation.missingMaxAge());
        if (challenge != null) {
            answer.put("www_authenticate", challenge.toHeaderValue());
        }
        LOG.debugf("Resource server %s evaluated a token of %s: missing %s", caller.getClientId(),
                claims.get("azp"), evaluation.missingNames());
        return Response.ok(answer).build();
    }

    @GET
    @Path("policy")
    @Produces(MediaType.APPLICATION_JSON)
    public Response policy() {
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.INTROSPECT_TOKEN);
        ClientModel caller = authenticate(event);
        if (caller == null) {
            return invalidClient();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("client_id", caller.getClientId());
        answer.put("policy", new PolicyStore(realm).forClient(caller.getClientId()).map(PolicyComponents::toJson).orElse(null));
        answer.put("www_authenticate", challenges().noToken().toHeaderValue());
        answer.put("issuer", issuer());
        return Response.ok(answer).build();
    }

    /** The calling resource server, or {@code null} when it did not authenticate as a confidential client. */
    private ClientModel authenticate(EventBuilder event) {
        try {
            ClientModel client = AuthorizeClientUtil.authorizeClient(session, event, null).getClient();
            return client == null || client.isPublicClient() || !client.isEnabled() ? null : client;
        } catch (WebApplicationException e) {
            return null;
        }
    }

    private ChallengeBuilder challenges() {
        String authorizationUri = OIDCLoginProtocolService.authUrl(session.getContext().getUri().getBaseUriBuilder())
                .build(realm.getName()).toString();
        return new ChallengeBuilder(realm.getName(), authorizationUri);
    }

    private String issuer() {
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName()).build().toString();
    }

    private static Response invalidClient() {
        return error(Response.Status.UNAUTHORIZED, OAuthErrorException.INVALID_CLIENT,
                "Authenticate as a confidential client (the resource server's own client), as for token introspection");
    }

    private static Response error(Response.Status status, String error, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", error, "error_description", description)).build();
    }
}

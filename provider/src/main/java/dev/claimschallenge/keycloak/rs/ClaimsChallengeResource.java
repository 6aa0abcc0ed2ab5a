package dev.claimschallenge.keycloak.rs;

import dev.claimschallenge.engine.BearerChallenge;
import dev.claimschallenge.engine.ChallengeBuilder;
import dev.claimschallenge.engine.ClaimNames;
import dev.claimschallenge.engine.Facts;
import dev.claimschallenge.engine.Verdict;
import dev.claimschallenge.keycloak.ErrorDescription;
import dev.claimschallenge.keycloak.config.ClaimsChallengeRealmConfig;
import dev.claimschallenge.keycloak.internal.IntrospectionChecks;
import dev.claimschallenge.keycloak.internal.KeycloakInternals;
import dev.claimschallenge.keycloak.internal.OidcEndpoints;
import dev.claimschallenge.keycloak.internal.SessionAuthentication;
import dev.claimschallenge.keycloak.introspection.IntrospectedClaims;
import dev.claimschallenge.keycloak.policy.AuthenticationContext;
import dev.claimschallenge.keycloak.policy.PolicySnapshot;
import dev.claimschallenge.keycloak.policy.RequirementKind;
import dev.claimschallenge.keycloak.policy.RequirementStore;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import dev.claimschallenge.keycloak.internal.KeycloakFacts;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/**
 * For resource servers, authenticated as their own Keycloak client (any client authentication
 * token introspection accepts; public clients cannot):
 * <ul>
 * <li>{@code POST evaluate} with {@code token}: is it active, does it satisfy the caller's policy,
 * what is missing, does its client handle claims challenges (one of the realm's configured client capabilities,
 * {@code cp1} by default, in the token's {@code xms_cc}), and the exact
 * {@code WWW-Authenticate} value to send with the 401;</li>
 * <li>{@code GET policy}: the caller's policy and the challenge for a request without a token, with
 * what a resource server needs to judge tokens locally as evaluate does (an {@code ETag} and
 * {@code Cache-Control}: {@link ConditionalJson});</li>
 * </ul>
 * The token is checked as Keycloak's own introspection checks it (signature, expiry, session, and
 * the rule that the caller must be in the token's audience): see {@link IntrospectionChecks}.
 */
public class ClaimsChallengeResource {

    private static final Logger LOG = Logger.getLogger(ClaimsChallengeResource.class);
    static final String TOKEN = "token";
    static final String DUPLICATED_PARAMETER = "duplicated parameter";
    /** evaluate's repeatable parameter: an authentication context the operation needs. */
    static final String CONTEXT = "context";

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
        checkSsl();
        checkRealm();
        ClientModel caller = authenticate(event);
        if (caller == null) {
            return invalidClient();
        }
        MultivaluedMap<String, String> params = session.getContext().getHttpRequest().getDecodedFormParameters();
        checkParameterDuplicated(params, event);
        String token = params.getFirst(TOKEN);
        if (token == null || token.isBlank()) {
            return error(Response.Status.BAD_REQUEST, OAuthErrorException.INVALID_REQUEST, "Token not provided (form parameter token)");
        }
        RequiredClaimsPolicy policy = new PolicySnapshot(realm).forClient(caller.getClientId()).orElse(null);
        List<AuthenticationContext> contexts;
        try {
            contexts = operationContexts(params, policy, caller);
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, OAuthErrorException.INVALID_REQUEST, e.getMessage());
        }
        token = triggerTokenIntrospectPolicies(caller, params, event);
        IntrospectionChecks.Verified verified;
        try {
            verified = new IntrospectionChecks(session, IntrospectedClaims.INSTANCE).verify(token, event).orElse(null);
        } catch (IntrospectionChecks.EvaluationFailure e) {
            return error(Response.Status.INTERNAL_SERVER_ERROR, OAuthErrorException.SERVER_ERROR,
                    "The token could not be evaluated because of a server error; the Keycloak log has the reason");
        }
        ChallengeBuilder challenges = challenges();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("active", verified != null);
        if (verified == null) {
            // ID tokens, refresh tokens and anything else that is not an active access token for the caller
            answer.put("satisfied", false);
            answer.put("missing", List.of());
            answer.put("www_authenticate", challenges.invalidToken().toHeaderValue());
            return Response.ok(answer).build();
        }
        Map<String, Object> claims = verified.claims();
        // the client introspection verified, the level and time Keycloak computed into the token (docs/security.md)
        Facts facts = KeycloakFacts.ofToken(claims, verified.client());
        Verdict verdict = Verdict.of(policy == null ? null : policy.requirement(), AuthenticationContext.byId(contexts), facts,
                SessionAuthentication.loaMap(caller), SessionAuthentication.loaMap(realm), challenges);
        List<String> missing = verdict.missing();
        answer.put("satisfied", missing.isEmpty());
        answer.put("missing", missing);
        // as introspection reports them: the RS must check a bound token's proof against cnf itself
        answer.put(OAuth2Constants.TOKEN_TYPE, claims.get("typ"));
        if (claims.get(OAuth2Constants.CNF) != null) {
            answer.put(OAuth2Constants.CNF, claims.get(OAuth2Constants.CNF));
        }
        answer.put("client_capable", claims.get(ClaimNames.CLIENT_CAPABILITIES) instanceof List<?> caps
                && !ClaimsChallengeRealmConfig.matchingClientCapabilities(realm, caps).isEmpty());
        BearerChallenge challenge = verdict.challenge();
        if (challenge != null) {
            answer.put("www_authenticate", challenge.toHeaderValue());
        }
        LOG.debugf("Resource server %s evaluated a token of %s: missing %s", caller.getClientId(),
                claims.get("azp"), missing);
        return Response.ok(answer).build();
    }

    @GET
    @Path("policy")
    @Produces(MediaType.APPLICATION_JSON)
    public Response policy() {
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.INTROSPECT_TOKEN);
        checkSsl();
        checkRealm();
        ClientModel caller = authenticate(event);
        if (caller == null) {
            return invalidClient();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("client_id", caller.getClientId());
        Optional<RequiredClaimsPolicy> policy = new PolicySnapshot(realm).forClient(caller.getClientId());
        answer.put("policy", policy.map(RequirementKind.POLICY::toJson).orElse(null));
        // what each context the API's operations use requires: an RS that validates tokens locally reads acrs and these
        answer.put("contexts", policy.map(p -> RequirementStore.contexts(realm).byKeys(p.contexts())).orElse(List.of()).stream()
                .map(RequirementKind.CONTEXT::toJson).toList());
        answer.put("www_authenticate", challenges().noToken().toHeaderValue());
        answer.put("issuer", issuer());
        // what a local judge needs to answer exactly as evaluate: the challenge's parameters and the ACR-to-LoA maps
        answer.put("realm", realm.getName());
        answer.put("authorization_uri", OidcEndpoints.authorizationEndpoint(session, realm));
        answer.put("acr_loa_map", SessionAuthentication.loaMap(caller));
        answer.put("realm_acr_loa_map", SessionAuthentication.loaMap(realm));
        answer.put("client_acr_loa_maps", clientLoaMaps());
        return ConditionalJson.answer(answer, session.getContext().getRequestHeaders().getHeaderString(ConditionalJson.IF_NONE_MATCH));
    }

    /**
     * evaluate reads a token's {@code acr} back as a level through the map of the client the token
     * was issued to, which is the realm's unless that client has its own. A judge that sees only
     * the token cannot look that up, and must not guess: a client's own map is the app's to write
     * (docs/security.md, "Trust"), so reading its {@code acr} through the realm's map could rank
     * it higher than Keycloak did. So the document lists, by client id, the map of every client
     * whose map is not the realm's (sorted, so that the same realm gives the same bytes and ETag).
     * One pass over the realm's clients, from Keycloak's client cache, per fetch.
     */
    private Map<String, Map<String, Integer>> clientLoaMaps() {
        Map<String, Integer> realmMap = SessionAuthentication.loaMap(realm);
        Map<String, Map<String, Integer>> own = new TreeMap<>();
        realm.getClientsStream().forEach(client -> {
            Map<String, Integer> map = SessionAuthentication.loaMap(client);
            if (!map.equals(realmMap)) {
                own.put(client.getClientId(), map);
            }
        });
        return own;
    }

    /**
     * The authentication contexts named by {@code context} parameters. One the realm does not define,
     * or the caller's policy does not list (so no client could get it into a token for the caller),
     * is a request error: judging without it would let every token through.
     */
    private List<AuthenticationContext> operationContexts(MultivaluedMap<String, String> params, RequiredClaimsPolicy policy,
            ClientModel caller) {
        List<String> ids = params.get(CONTEXT) == null ? List.of() : params.get(CONTEXT).stream().distinct().toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        List<AuthenticationContext> found = RequirementStore.contexts(realm).byKeys(ids);
        for (String id : ids) {
            String shown = ErrorDescription.safe(id);
            if (found.stream().noneMatch(context -> context.id().equals(id))) {
                throw new IllegalArgumentException("Unknown authentication context " + shown + " (form parameter context)");
            }
            if (policy == null || !policy.contexts().contains(id)) {
                throw new IllegalArgumentException("Authentication context " + shown + " is not listed by the policy of "
                        + caller.getClientId() + ", so clients cannot request it for this API; list it there");
            }
        }
        return found;
    }

    // The checks below are those of Keycloak's TokenIntrospectionEndpoint (26.5 and 26.7 alike), with
    // its status codes and error bodies: its methods are private, so they cannot be called.

    /** A realm that requires HTTPS answers plain-HTTP calls with 403, as introspection does. */
    private void checkSsl() {
        if (!"https".equals(session.getContext().getUri().getBaseUri().getScheme())
                && realm.getSslRequired().isRequired(session.getContext().getConnection())) {
            throw new ErrorResponseException(OAuthErrorException.INVALID_REQUEST, "HTTPS required", Response.Status.FORBIDDEN);
        }
    }

    /** A disabled realm answers nothing about its tokens: disabling it is how an operator stops them in an emergency. */
    private void checkRealm() {
        if (!realm.isEnabled()) {
            throw new ErrorResponseException(OAuthErrorException.ACCESS_DENIED, "Realm not enabled", Response.Status.FORBIDDEN);
        }
    }

    /** Any form parameter sent twice (e.g. two tokens) is refused, not resolved by picking one; {@code context} alone repeats. */
    private static void checkParameterDuplicated(MultivaluedMap<String, String> params, EventBuilder event) {
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            if (param.getValue().size() != 1 && !CONTEXT.equals(param.getKey())) {
                event.detail("detail", DUPLICATED_PARAMETER).error(OAuthErrorException.INVALID_REQUEST);
                throw new ErrorResponseException(OAuthErrorException.INVALID_REQUEST, DUPLICATED_PARAMETER, Response.Status.BAD_REQUEST);
            }
        }
    }

    /**
     * Client policies for {@code TOKEN_INTROSPECT} (e.g. the allowed client authentication methods)
     * govern evaluate as they govern introspection; returns the token, which an executor may replace.
     */
    private String triggerTokenIntrospectPolicies(ClientModel caller, MultivaluedMap<String, String> params, EventBuilder event) {
        try {
            session.clientPolicy().triggerOnEvent(KeycloakInternals.tokenIntrospectContext(caller, params));
            return params.getFirst(TOKEN);
        } catch (ClientPolicyException cpe) {
            event.detail(Details.REASON, Details.CLIENT_POLICY_ERROR);
            event.detail(Details.CLIENT_POLICY_ERROR, cpe.getError());
            event.detail(Details.CLIENT_POLICY_ERROR_DETAIL, cpe.getErrorDetail());
            event.error(cpe.getError());
            throw new ErrorResponseException(OAuthErrorException.INVALID_REQUEST, cpe.getErrorDetail(), Response.Status.BAD_REQUEST);
        }
    }

    /** The calling resource server, or {@code null} when it did not authenticate as a confidential client. */
    private ClientModel authenticate(EventBuilder event) {
        ClientModel client = OidcEndpoints.authenticatedClient(session, event);
        return client == null || client.isPublicClient() || !client.isEnabled() ? null : client;
    }

    private ChallengeBuilder challenges() {
        return new ChallengeBuilder(realm.getName(), OidcEndpoints.authorizationEndpoint(session, realm));
    }

    private String issuer() {
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName()).build().toString();
    }

    /**
     * RFC 6749 section 5.2: a client that tried HTTP authentication gets a 401 with a challenge for
     * it. Basic is the only HTTP authentication scheme Keycloak accepts from clients, so that is the
     * scheme named whatever the request sent; without an Authorization header there is none to match.
     */
    private Response invalidClient() {
        Response.ResponseBuilder response = Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", OAuthErrorException.INVALID_CLIENT, "error_description",
                        "Authenticate as a confidential client (the resource server's own client), as for token introspection"));
        if (session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION) != null) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + quotedAscii(realm.getName()) + "\"");
        }
        return response.build();
    }

    /** RFC 7235 quoted-string content kept to printable ASCII, so that no HTTP stack refuses the header. */
    static String quotedAscii(String value) {
        StringBuilder quoted = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return quoted.toString();
    }

    private static Response error(Response.Status status, String error, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", error, "error_description", description)).build();
    }
}

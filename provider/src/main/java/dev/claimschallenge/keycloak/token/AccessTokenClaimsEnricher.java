package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.keycloak.claims.ClaimNames;
import dev.claimschallenge.keycloak.claims.ClaimsRequest;
import dev.claimschallenge.keycloak.claims.RequestedClaim;
import dev.claimschallenge.keycloak.claims.ReservedClaims;
import dev.claimschallenge.keycloak.internal.SessionAuthentication;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.AccessToken;

/**
 * Adds the claims of an {@code access_token} claims request to an access token. A claim goes in
 * only when Keycloak computes a value for it ({@link #SOURCES}: the session's acr and auth_time,
 * the client capabilities the realm knows, the client's own scopes' mappers, the mappers of the
 * audience's policy clients), and only when that value is one the request accepts. Reserved
 * claims and claims already in the token are never touched.
 */
public final class AccessTokenClaimsEnricher {

    public static final String AUTH_TIME = ClaimNames.AUTH_TIME;
    public static final String CLIENT_CAPABILITIES = ClaimNames.CLIENT_CAPABILITIES;

    /**
     * Asked in this order for each requested claim: the first that {@linkplain ClaimSource#owns owns}
     * the name decides alone; otherwise the first with a value decides.
     */
    static final List<ClaimSource> SOURCES = List.of(
            new SessionAcrSource(),
            new AuthTimeSource(),
            new ClientCapabilitiesSource(),
            new ClientScopeMapperSource(),
            new PolicyClientMapperSource());

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
     * considered if an earlier one did not add it (each with its own value filter). Every source
     * computes at most once for all of them.
     */
    public void enrich(AccessToken token, ClientSessionContext context, ClaimsRequest... requests) {
        AuthenticatedClientSessionModel clientSession = context.getClientSession();
        Set<String> open = new LinkedHashSet<>();
        boolean authTimeRequested = false;
        for (ClaimsRequest request : requests) {
            authTimeRequested |= request.accessToken().containsKey(AUTH_TIME);
            for (String name : request.accessToken().keySet()) {
                if (!ReservedClaims.isReserved(name) && !TokenClaims.has(token, name)) {
                    open.add(name);
                }
            }
        }
        List<String> added = new ArrayList<>();
        if (!open.isEmpty()) {
            ClaimSourceContext sources = new ClaimSourceContext(session, context, Set.copyOf(open), audiencePolicies);
            for (ClaimsRequest request : requests) {
                for (RequestedClaim claim : request.accessToken().values()) {
                    if (open.contains(claim.name()) && add(token, claim, sources)) {
                        open.remove(claim.name());
                        added.add(claim.name());
                    }
                }
            }
        }
        if (!authTimeRequested && clientSession.getNote(OIDCLoginProtocol.MAX_AGE_PARAM) != null && !TokenClaims.has(token, AUTH_TIME)) {
            token.getOtherClaims().put(AUTH_TIME, SessionAuthentication.authTime(clientSession.getUserSession()));
        }
        LOG.debugf("Access token for client %s: added %s", clientSession.getClient().getClientId(), added);
    }

    /** Asks the sources for one claim; whether it went into the token. */
    private static boolean add(AccessToken token, RequestedClaim claim, ClaimSourceContext context) {
        ClaimSource owner = ownerOf(claim.name());
        if (owner != null) {
            return offer(owner, token, claim, owner.value(claim, context));
        }
        for (ClaimSource source : SOURCES) {
            Object value = source.value(claim, context);
            if (value != null) {
                return offer(source, token, claim, value);
            }
        }
        return false;
    }

    /** Writes {@code value} of {@code source} when the request accepts it; whether it went in. */
    private static boolean offer(ClaimSource source, AccessToken token, RequestedClaim claim, Object value) {
        if (value == null || source.filteredByRequest() && !claim.matches(value)) {
            return false;
        }
        source.write(token, claim.name(), value);
        return true;
    }

    /** The first source that owns {@code name} (decides it alone), or {@code null}. */
    private static ClaimSource ownerOf(String name) {
        for (ClaimSource source : SOURCES) {
            if (source.owns(name)) {
                return source;
            }
        }
        return null;
    }
}

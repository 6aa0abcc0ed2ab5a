package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.engine.ClaimNames;
import dev.claimschallenge.engine.ClaimsRequest;
import dev.claimschallenge.engine.RequestedClaim;
import dev.claimschallenge.keycloak.claims.ReservedClaims;
import dev.claimschallenge.keycloak.internal.SessionAuthentication;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * claims are never touched, nor claims already in the token, except those the audience's
 * policies require ({@link #enrich}).
 */
public final class AccessTokenClaimsEnricher {

    public static final String AUTH_TIME = ClaimNames.AUTH_TIME;
    public static final String CLIENT_CAPABILITIES = ClaimNames.CLIENT_CAPABILITIES;

    /**
     * Asked in this order for each requested claim: the first that {@linkplain ClaimSource#owns owns}
     * the name decides alone; otherwise the first with a value decides.
     */
    static final List<ClaimSource> SOURCES;
    /** Also asked first, alone, for the claims a policy or context requires and its client has a mapper for. */
    private static final PolicyClientMapperSource POLICY_CLIENTS = new PolicyClientMapperSource();

    static {
        SOURCES = List.of(
                new SessionAcrSource(),
                new AuthTimeSource(),
                new ClientCapabilitiesSource(),
                new ClientScopeMapperSource(),
                POLICY_CLIENTS);
    }

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
     * computes at most once for all of them. First, a claim the audience's policies or their
     * contexts require that the token already carries is recomputed by the API's mappers where the
     * API has one for it, replacing (or, without a value, removing) what the requesting client's
     * mappers wrote: requirements are met by Keycloak's values, never by the app's.
     */
    public void enrich(AccessToken token, ClientSessionContext context, ClaimsRequest... requests) {
        AuthenticatedClientSessionModel clientSession = context.getClientSession();
        Map<String, List<String>> requiredBy = PolicyClientMapperSource.requiredBy(clientSession.getRealm(), audiencePolicies);
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
        Set<String> carriedRequired = new LinkedHashSet<>();
        for (String name : requiredBy.keySet()) {
            if (!ReservedClaims.isReserved(name) && token.getOtherClaims().containsKey(name)) {
                carriedRequired.add(name);
            }
        }
        List<String> added = new ArrayList<>();
        if (!open.isEmpty() || !carriedRequired.isEmpty()) {
            Set<String> names = new LinkedHashSet<>(open);
            names.addAll(carriedRequired);
            ClaimSourceContext sources = new ClaimSourceContext(session, context, Set.copyOf(names), audiencePolicies, requiredBy);
            for (String name : carriedRequired) {
                if (POLICY_CLIENTS.decides(name, sources)) {
                    replace(token, name, sources, clientSession);
                }
            }
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

    /** The API's value of a required claim the token carries, in place of the requesting client's. */
    private static void replace(AccessToken token, String name, ClaimSourceContext sources, AuthenticatedClientSessionModel clientSession) {
        Object mapped = token.getOtherClaims().remove(name);
        Object value = POLICY_CLIENTS.value(new RequestedClaim(name, false, List.of()), sources);
        if (value != null) {
            POLICY_CLIENTS.write(token, name, value);
        }
        if (!Objects.equals(mapped, value)) {
            LOG.debugf("Access token for client %s: required claim %s is the API's %s, not the %s its client's mappers wrote",
                    clientSession.getClient().getClientId(), name, value, mapped);
        }
    }

    /** Asks the sources for one claim; whether it went into the token. */
    private static boolean add(AccessToken token, RequestedClaim claim, ClaimSourceContext context) {
        ClaimSource owner = ownerOf(claim.name());
        if (owner != null) {
            return offer(owner, token, claim, owner.value(claim, context));
        }
        if (POLICY_CLIENTS.decides(claim.name(), context)) {
            return offer(POLICY_CLIENTS, token, claim, POLICY_CLIENTS.value(claim, context));
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

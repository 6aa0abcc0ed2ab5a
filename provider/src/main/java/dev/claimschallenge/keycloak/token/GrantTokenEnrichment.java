package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.engine.ClaimsRequest;
import dev.claimschallenge.engine.Facts;
import dev.claimschallenge.engine.PolicyEngine;
import dev.claimschallenge.engine.Requirement;
import dev.claimschallenge.keycloak.OAuthRefusal;
import dev.claimschallenge.keycloak.internal.KeycloakFacts;
import dev.claimschallenge.keycloak.claims.ClaimsRequestException;
import dev.claimschallenge.keycloak.claims.ClaimsRequestParser;
import dev.claimschallenge.keycloak.config.ClaimsChallengeRealmConfig;
import dev.claimschallenge.keycloak.grant.GrantClaims;
import dev.claimschallenge.keycloak.internal.LightweightTokens;
import dev.claimschallenge.keycloak.internal.SessionAudience;
import dev.claimschallenge.keycloak.internal.SessionAuthentication;
import dev.claimschallenge.keycloak.policy.ApplicablePolicies;
import dev.claimschallenge.keycloak.policy.AuthenticationContext;
import dev.claimschallenge.keycloak.policy.PolicyMode;
import dev.claimschallenge.keycloak.policy.RequestedContexts;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import java.util.List;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.utils.OAuth2Code;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;

/**
 * For a token Keycloak is about to sign: finds the access-token claims request of the grant (the
 * authorization request behind a code, or the snapshot in a refresh token), adds what it may to
 * the access token, applies the policies that govern it, and snapshots the request into the new
 * refresh token, so that refreshed and offline tokens carry the same claims. Independent of the
 * hook that calls it ({@link ClaimsChallengeTokenPostProcessor} on Keycloak 26.6+, the client
 * policy executor on 26.5); refusals are {@link OAuthRefusal}s.
 */
public class GrantTokenEnrichment {

    private final KeycloakSession session;

    public GrantTokenEnrichment(KeycloakSession session) {
        this.session = session;
    }

    /**
     * @param refreshToken the refresh token issued with it, or {@code null}
     * @param requestRefreshToken the refresh token of a refresh grant (verified by Keycloak), or {@code null}
     * @param code the authorization code of a code grant, or {@code null}
     */
    public void apply(AccessToken accessToken, RefreshToken refreshToken, RefreshToken requestRefreshToken, OAuth2Code code,
            ClientSessionContext clientSessionCtx) {
        if (accessToken == null || clientSessionCtx == null) {
            return;
        }
        AuthenticatedClientSessionModel clientSession = clientSessionCtx.getClientSession();
        if (clientSession == null || !ClaimsChallengeRealmConfig.isEnabled(clientSession.getRealm())) {
            return;
        }
        // before anything reads the token: what a mapper wrote where only Keycloak decides
        KeycloakDecidedClaims.restore(accessToken, clientSession);
        // a refresh grant's own claims parameter, read once: it adds to the snapshot and may name contexts
        ClaimsRequest refreshParameter = requestRefreshToken == null ? ClaimsRequest.empty() : refreshGrantRequest(clientSession);
        ClaimsRequest request = grantRequest(code, requestRefreshToken, refreshParameter, clientSession);
        List<RequiredClaimsPolicy> policies = applicablePolicies(clientSession.getRealm(), accessToken, clientSessionCtx);
        if (!request.hasAccessTokenClaims() && policies.isEmpty()) {
            return;
        }
        RealmModel realm = clientSession.getRealm();
        // the authentication contexts asked for (access_token.acrs) that a policy of the audience lists
        List<AuthenticationContext> contexts = RequestedContexts.applicable(realm, request, policies);
        if (requestRefreshToken != null && refreshParameter.hasAccessTokenClaims()) {
            List<AuthenticationContext> named = RequestedContexts.applicable(realm, refreshParameter, policies);
            if (!named.isEmpty()) {
                TokenContexts.requireInteractionIfUnmet(named, KeycloakFacts.ofSession(clientSession, SessionAuthentication.loaMap(realm)));
            }
        }
        // what the client asked for first, then what the audience's policies and the contexts require
        ClaimsRequest required = PolicyEnforcement.requiredClaimsRequest(policies);
        ClaimsRequest forContexts = PolicyEngine.claimsToAdd(contexts.stream().map(AuthenticationContext::requirement).toList());
        ClaimsRequest all = required.withAccessTokenClaimsOf(forContexts).withAccessTokenClaimsOf(request);
        List<RequiredClaimsPolicy> computing = RequestedContexts.computingContextClaims(policies, contexts);
        new AccessTokenClaimsEnricher(session, computing).enrich(accessToken, clientSessionCtx, request, required, forContexts);
        boolean enforcing = policies.stream().anyMatch(policy -> policy.mode() == PolicyMode.ENFORCE);
        if (enforcing || !contexts.isEmpty()) {
            // the finished token's facts, read once for both judges
            Facts facts = KeycloakFacts.ofToken(accessToken, clientSession.getClient());
            if (enforcing) {
                PolicyEnforcement.enforce(policies, facts, realm, requestRefreshToken != null);
            }
            if (!contexts.isEmpty()) {
                TokenContexts.list(accessToken, contexts, facts, realm);
            }
        }
        if (all.hasAccessTokenClaims()) {
            GrantClaims.keepForIntrospection(session, accessToken, all,
                    () -> computing.stream().flatMap(policy -> policy.releasableClaimNames().stream()).toList());
        }
        if (requestRefreshToken != null && !refreshParameter.hasAccessTokenClaims()) {
            GrantClaims.carryIntoRefreshToken(refreshToken, requestRefreshToken, request);
        } else {
            GrantClaims.intoRefreshToken(refreshToken, request);
        }
    }

    /**
     * The policies that govern the token ({@link ApplicablePolicies#forToken}). Keycloak's audience
     * mappers are run for the session audience only when it can matter: when some client with a
     * policy is neither the token's client nor in the audience the token carries; and for a
     * regular token only those that add to introspection alone (it carries the rest already; a
     * lightweight token carries none). Most tokens skip that work.
     */
    private List<RequiredClaimsPolicy> applicablePolicies(RealmModel realm, AccessToken token, ClientSessionContext context) {
        return ApplicablePolicies.forToken(realm, token, () -> LightweightTokens.isLightweight(session, token)
                ? SessionAudience.of(session, context) : SessionAudience.beyondRegularToken(session, context));
    }

    private ClaimsRequest grantRequest(OAuth2Code code, RefreshToken previous, ClaimsRequest refreshParameter,
            AuthenticatedClientSessionModel clientSession) {
        if (code != null) {
            return GrantClaims.forCode(clientSession, code.getNonce(), code.getCodeChallenge());
        }
        if (previous == null) {
            return ClaimsRequest.empty();
        }
        try {
            return GrantClaims.addedOnRefresh(GrantClaims.fromRefreshToken(previous), refreshParameter);
        } catch (ClaimsRequestException e) {
            throw new OAuthRefusal(OAuthErrorException.INVALID_REQUEST, "Invalid claims parameter: " + e.getMessage());
        }
    }

    /**
     * A {@code claims} parameter on a refresh-token grant (the silent path of MSAL-style clients).
     * It can add claims the client is entitled to, but cannot raise the session's authentication:
     * an acr the session has not reached needs the user, so the client must re-authorize.
     */
    private ClaimsRequest refreshGrantRequest(AuthenticatedClientSessionModel clientSession) {
        String raw = session.getContext().getHttpRequest().getDecodedFormParameters().getFirst(OIDCLoginProtocol.CLAIMS_PARAM);
        if (raw == null) {
            return ClaimsRequest.empty();
        }
        ClaimsRequest request;
        try {
            request = ClaimsRequestParser.parse(raw);
        } catch (ClaimsRequestException e) {
            throw new OAuthRefusal(OAuthErrorException.INVALID_REQUEST, "Invalid claims parameter: " + e.getMessage());
        }
        request.essentialAccessTokenAcr()
                .filter(acr -> !sessionMeets(acr.acceptableValues(), clientSession))
                .ifPresent(acr -> {
                    throw OAuthRefusal.interactionRequired("acr " + acr.acceptableValues()
                            + " needs a new authorization request (the session's authentication is not strong enough)");
                });
        return request;
    }

    /**
     * Whether the session's level of authentication meets one of {@code acrValues}, ranked through
     * the client's ACR-to-LoA map: the client asks for its own acr, in its own names.
     */
    private static boolean sessionMeets(List<Object> acrValues, AuthenticatedClientSessionModel clientSession) {
        Requirement requested = Requirement.acr("claims parameter", acrValues.stream().map(String::valueOf).toList());
        return PolicyEngine.judge(requested, KeycloakFacts.ofSession(clientSession, SessionAuthentication.loaMap(clientSession.getClient())))
                .satisfied();
    }
}

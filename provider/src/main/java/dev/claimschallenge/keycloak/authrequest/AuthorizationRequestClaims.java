package dev.claimschallenge.keycloak.authrequest;

import dev.claimschallenge.engine.ClaimsRequest;
import dev.claimschallenge.engine.PolicyEngine;
import dev.claimschallenge.engine.RequestedClaim;
import dev.claimschallenge.engine.Requirement;
import dev.claimschallenge.engine.StepUp;
import dev.claimschallenge.keycloak.ErrorDescription;
import dev.claimschallenge.keycloak.OAuthRefusal;
import dev.claimschallenge.keycloak.claims.ClaimsRequestException;
import dev.claimschallenge.keycloak.claims.ClaimsRequestParser;
import dev.claimschallenge.keycloak.config.ClaimsChallengeRealmConfig;
import dev.claimschallenge.keycloak.grant.GrantClaims;
import dev.claimschallenge.keycloak.internal.KeycloakInternals;
import dev.claimschallenge.keycloak.internal.SessionAuthentication;
import dev.claimschallenge.keycloak.policy.ApplicablePolicies;
import dev.claimschallenge.keycloak.policy.AuthenticationContext;
import dev.claimschallenge.keycloak.policy.RequestedContexts;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;

/**
 * For every authorization request, after Keycloak parsed it (query, request object or PAR) and
 * before it stores it: validates the {@code claims} parameter, keeps its {@code access_token}
 * member for the token endpoint, and hands Keycloak a {@code claims} value it understands, so that
 * its own {@code id_token}/{@code userinfo} handling and acr step-up keep working. Independent of
 * the hook that calls it ({@link ClaimsRequestCheckProvider} on Keycloak 26.6+, the client policy
 * executor on 26.5); refusals are {@link OAuthRefusal}s.
 */
public final class AuthorizationRequestClaims {

    private static final Logger LOG = Logger.getLogger(AuthorizationRequestClaims.class);

    private final RealmModel realm;
    private final ClientModel client;
    private final EventBuilder event;

    /** @param event where refusals are recorded, or {@code null} where the caller records them */
    public AuthorizationRequestClaims(RealmModel realm, ClientModel client, EventBuilder event) {
        this.realm = realm;
        this.client = client;
        this.event = event;
    }

    /**
     * @param request the parsed request, changed in place
     * @param queryParams the query parameters as sent (to notice a {@code claims} Keycloak dropped)
     */
    public void apply(AuthorizationEndpointRequest request, MultivaluedMap<String, String> queryParams) {
        if (!ClaimsChallengeRealmConfig.isEnabled(realm)) {
            return;
        }
        Map<String, String> additional = request.getAdditionalReqParams();
        // Only this check may write these notes: drop any a client sent as plain parameters.
        GrantClaims.dropSentAsParameters(additional);

        String sent;
        ClaimsRequest claims;
        try {
            sent = claimsOf(request, queryParams);
            claims = ClaimsRequestParser.parse(sent);
        } catch (ClaimsRequestException e) {
            throw fail(OAuthErrorException.INVALID_REQUEST, Errors.INVALID_REQUEST,
                    "Invalid claims parameter: " + e.getMessage());
        }
        checkRequestedAcr(claims);
        ClaimsRequest forKeycloak = claims.forKeycloak();
        StepUp policies = stepUp(request.getScope(), claims);
        boolean stepUp = false;
        if (!claims.hasEssentialAcr() && !policies.acrValues().isEmpty()) {
            forKeycloak = forKeycloak.withEssentialIdTokenAcr(policies.acrValues());
            stepUp = true;
        }
        policies.maxAge()
                .filter(maxAge -> request.getMaxAge() == null || request.getMaxAge() > maxAge)
                .ifPresent(maxAge -> KeycloakInternals.setMaxAge(request, maxAge));
        if (!claims.hadForeignMembers() && !stepUp) {
            return; // no access_token member: Keycloak sees the parameter exactly as sent, as without the extension
        }

        if (claims.hasAccessTokenClaims()) {
            keepForCode(request, claims, additional);
        }
        try {
            KeycloakInternals.setClaims(request, ClaimsRequestParser.forKeycloak(sent, forKeycloak));
        } catch (ClaimsRequestException e) {
            throw new IllegalStateException("the claims parameter parsed a moment ago", e);
        }
        LOG.debugf("Client %s requested access token claims %s", client.getClientId(),
                claims.accessToken().keySet());
    }

    /**
     * What the authentication contexts the request asks for ({@code access_token.acrs}, those a
     * policy of the predicted audience lists) and the {@code satisfy}/{@code enforce} policies of
     * the client and its predicted audience demand of the authentication itself, so that Keycloak
     * steps up before the first token rather than refusing it. The contexts come first, the one
     * needing the highest level first: Keycloak steps up for one acr list, and what the client
     * asked for must not be undercut by a policy's default.
     *
     * @param scopeParam the request's {@code scope}: its optional client scopes may add audiences
     */
    private StepUp stepUp(String scopeParam, ClaimsRequest claims) {
        List<RequiredClaimsPolicy> policies = ApplicablePolicies.forAuthorization(realm, client, scopeParam);
        List<AuthenticationContext> contexts = RequestedContexts.applicable(realm, claims, policies);
        Map<String, Integer> realmLoa = contexts.size() > 1 ? SessionAuthentication.loaMap(realm) : Map.of();
        List<Requirement> requirements = new java.util.ArrayList<>(contexts.stream()
                .sorted(java.util.Comparator.comparingInt((AuthenticationContext context) -> lowestLevel(context.acrValues(), realmLoa)).reversed())
                .map(AuthenticationContext::requirement).toList());
        policies.stream().filter(policy -> policy.mode().addsClaims()).map(RequiredClaimsPolicy::requirement).forEach(requirements::add);
        return PolicyEngine.stepUp(requirements);
    }

    /** The level the least of {@code acrValues} stands for (none: below every level). */
    private static int lowestLevel(List<String> acrValues, Map<String, Integer> loaMap) {
        return acrValues.stream().map(acr -> PolicyEngine.level(acr, loaMap)).filter(java.util.OptionalInt::isPresent)
                .mapToInt(java.util.OptionalInt::getAsInt).min().orElse(Integer.MIN_VALUE);
    }

    /**
     * Keeps the {@code access_token} member for the code this request will yield. Without nonce and
     * PKCE challenge the code remembers nothing that tells this request from another of the same
     * client in the same browser, so a request planted cross-site (never redeemed) would hand its
     * claims to the user's next login: refuse, rather than keep it where the wrong code finds it.
     */
    private void keepForCode(AuthorizationEndpointRequest request, ClaimsRequest claims, Map<String, String> additional) {
        String nonce = request.getNonce();
        String challenge = request.getCodeChallenge();
        if (!GrantClaims.canKeepForCode(nonce, challenge)) {
            throw fail(OAuthErrorException.INVALID_REQUEST, Errors.INVALID_REQUEST,
                    "claims.access_token needs a nonce or a PKCE code_challenge in the same authorization request"
                            + " (unique per request), so that the authorization code can be matched to it");
        }
        GrantClaims.keepForCode(additional, nonce, challenge, claims);
    }

    /**
     * Keycloak drops a {@code claims} query parameter longer than its limit (4000 characters by
     * default) with only a server-side warning, and goes on as if there were none: the client
     * would get a token without what it asked for and never learn why. Refuse it instead when it
     * asks for access-token claims; a value without them is Keycloak's alone, dropped as always.
     */
    private static String claimsOf(AuthorizationEndpointRequest request, MultivaluedMap<String, String> queryParams)
            throws ClaimsRequestException {
        String parsed = request.getClaims();
        String sent = queryParams == null ? null : queryParams.getFirst(OIDCLoginProtocol.CLAIMS_PARAM);
        if (parsed == null && sent != null && !sent.isBlank()) {
            if (!ClaimsRequestParser.parse(sent).hadForeignMembers()) { // over our own limits: that message
                return null; // Keycloak's alone: dropped as stock Keycloak drops it
            }
            throw new ClaimsRequestException("claims parameter is longer than Keycloak accepts ("
                    + sent.length() + " characters; see the login-protocol option req-params-max-size--claims)");
        }
        return parsed;
    }

    /**
     * An essential {@code access_token.acr} drives Keycloak's step-up. Values Keycloak cannot
     * satisfy (not in the ACR-to-LoA map, not a level, or below the client's minimum) end here
     * with an error redirect, where Keycloak's own check would show an error page.
     */
    private void checkRequestedAcr(ClaimsRequest claims) {
        if (claims.idToken().containsKey(ClaimsRequest.ACR)) {
            return; // the client's own id_token.acr wins; Keycloak checks it as usual
        }
        RequestedClaim acr = claims.essentialAccessTokenAcr().orElse(null);
        if (acr == null) {
            return;
        }
        Map<String, Integer> loaMap = SessionAuthentication.loaMap(client);
        List<String> values = acr.acceptableValues().stream().map(String::valueOf).toList();
        for (String value : values) {
            if (PolicyEngine.level(value, loaMap).isEmpty()) {
                throw fail(OAuthRefusal.UNMET_AUTHENTICATION_REQUIREMENTS, Errors.INVALID_REQUEST,
                        "Requested acr '" + value + "' is not known to this realm (acr values: " + loaMap.keySet() + ")");
            }
        }
        if (SessionAuthentication.belowMinimum(values, client)) {
            throw fail(OAuthRefusal.UNMET_AUTHENTICATION_REQUIREMENTS, Errors.INVALID_REQUEST,
                    "Requested acr " + values + " is below the minimum this client accepts");
        }
    }

    private OAuthRefusal fail(String error, String eventError, String description) {
        LOG.debugf("Refusing authorization request of client %s: %s (%s)", client.getClientId(), error, description);
        if (event != null) { // the 26.5 hook has none: Keycloak records the client policy error itself
            event.detail(Details.REASON, description).error(eventError);
        }
        // the description may name an acr value the client sent or the realm's configured ones
        return new OAuthRefusal(error, ErrorDescription.safe(description));
    }
}

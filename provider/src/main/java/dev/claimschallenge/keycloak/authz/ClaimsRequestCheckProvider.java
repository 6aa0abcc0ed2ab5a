package dev.claimschallenge.keycloak.authz;

import dev.claimschallenge.keycloak.claims.ClaimsRequest;
import dev.claimschallenge.keycloak.claims.ClaimsRequestException;
import dev.claimschallenge.keycloak.claims.ClaimsRequestParser;
import dev.claimschallenge.keycloak.claims.RequestedClaim;
import dev.claimschallenge.keycloak.config.ClaimsChallengeRealmConfig;
import dev.claimschallenge.keycloak.internal.KeycloakInternals;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.ClientModel;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointCheckProvider;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointChecker;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointChecker.AuthorizationCheckException;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;
import org.keycloak.protocol.oidc.utils.AcrUtils;

/**
 * Runs for every authorization request, after Keycloak parsed it (query, request object or PAR):
 * validates the {@code claims} parameter, keeps its {@code access_token} member for the token
 * endpoint, and hands Keycloak a {@code claims} value it understands, so that its own
 * {@code id_token}/{@code userinfo} handling and acr step-up keep working.
 */
public class ClaimsRequestCheckProvider implements AuthorizationEndpointCheckProvider {

    /** RFC 9470 section 5. */
    public static final String UNMET_AUTHENTICATION_REQUIREMENTS = "unmet_authentication_requirements";

    static final String CLAIMS_PARAM = "claims";

    private static final Logger LOG = Logger.getLogger(ClaimsRequestCheckProvider.class);

    @Override
    public void check(AuthorizationEndpointChecker context) throws AuthorizationCheckException {
        if (!ClaimsChallengeRealmConfig.isEnabled(context.getRealm())) {
            return;
        }
        AuthorizationEndpointRequest request = context.getAuthorizationEndpointRequest();
        Map<String, String> additional = request.getAdditionalReqParams();
        // Only this check may write these notes: drop any a client sent as plain parameters.
        additional.keySet().removeIf(name -> name.startsWith(AccessTokenClaimsNote.PARAM_PREFIX));

        ClaimsRequest claims;
        try {
            claims = ClaimsRequestParser.parse(claimsOf(context, request));
        } catch (ClaimsRequestException e) {
            throw fail(context, OAuthErrorException.INVALID_REQUEST, Errors.INVALID_REQUEST,
                    "Invalid claims parameter: " + e.getMessage());
        }
        checkRequestedAcr(context, claims);
        ClaimsRequest forKeycloak = claims.forKeycloak();
        PolicyStepUp policies = PolicyStepUp.of(context.getRealm(), context.getClient());
        boolean stepUp = false;
        if (!claims.hasEssentialAcr() && !policies.acrValues().isEmpty()) {
            forKeycloak = forKeycloak.withEssentialIdTokenAcr(policies.acrValues());
            stepUp = true;
        }
        policies.maxAge()
                .filter(maxAge -> request.getMaxAge() == null || request.getMaxAge() > maxAge)
                .ifPresent(maxAge -> KeycloakInternals.setMaxAge(request, maxAge));
        if (!claims.hadForeignMembers() && !stepUp) {
            return; // only what Keycloak knows: it sees the parameter exactly as sent
        }

        if (claims.hasAccessTokenClaims()) {
            additional.put(AccessTokenClaimsNote.paramName(request.getNonce(), request.getCodeChallenge()),
                    ClaimsRequestParser.write(claims.accessTokenOnly()));
        }
        KeycloakInternals.setClaims(request, forKeycloak.isEmpty() ? null : ClaimsRequestParser.write(forKeycloak));
        LOG.debugf("Client %s requested access token claims %s", context.getClient().getClientId(),
                claims.accessToken().keySet());
    }

    /**
     * Keycloak drops a {@code claims} query parameter longer than its limit (4000 characters by
     * default) with only a server-side warning, and goes on as if there were none: the client
     * would get a token without what it asked for and never learn why. Refuse it instead.
     */
    private static String claimsOf(AuthorizationEndpointChecker context, AuthorizationEndpointRequest request)
            throws ClaimsRequestException {
        String parsed = request.getClaims();
        String sent = context.getQueryParams() == null ? null : context.getQueryParams().getFirst(CLAIMS_PARAM);
        if (parsed == null && sent != null && !sent.isBlank()) {
            ClaimsRequestParser.parse(sent); // over our own limits: that message
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
    private static void checkRequestedAcr(AuthorizationEndpointChecker context, ClaimsRequest claims)
            throws AuthorizationCheckException {
        if (claims.idToken().containsKey(ClaimsRequest.ACR)) {
            return; // the client's own id_token.acr wins; Keycloak checks it as usual
        }
        RequestedClaim acr = claims.essentialAccessTokenAcr().orElse(null);
        if (acr == null) {
            return;
        }
        ClientModel client = context.getClient();
        Map<String, Integer> loaMap = AcrUtils.getAcrLoaMap(client);
        List<String> values = acr.acceptableValues().stream().map(String::valueOf).toList();
        for (String value : values) {
            if (!loaMap.containsKey(value) && !isLevel(value)) {
                throw fail(context, UNMET_AUTHENTICATION_REQUIREMENTS, Errors.INVALID_REQUEST,
                        "Requested acr '" + value + "' is not known to this realm (acr values: " + loaMap.keySet() + ")");
            }
        }
        if (!AcrUtils.enforceMinimumAcr(values, client).equals(values)) {
            throw fail(context, UNMET_AUTHENTICATION_REQUIREMENTS, Errors.INVALID_REQUEST,
                    "Requested acr " + values + " is below the minimum this client accepts");
        }
    }

    private static boolean isLevel(String value) {
        try {
            Integer.parseInt(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static AuthorizationCheckException fail(AuthorizationEndpointChecker context, String error, String eventError,
            String description) {
        LOG.debugf("Refusing authorization request of client %s: %s (%s)", context.getClient().getClientId(), error, description);
        context.getEventBuilder().detail(Details.REASON, description).error(eventError);
        return new AuthorizationCheckException(Response.Status.BAD_REQUEST, error, description);
    }

    @Override
    public void close() {
    }
}

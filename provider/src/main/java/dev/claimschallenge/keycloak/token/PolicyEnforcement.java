package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.keycloak.OAuthRefusal;
import dev.claimschallenge.keycloak.claims.ClaimsRequest;
import dev.claimschallenge.keycloak.claims.RequestedClaim;
import dev.claimschallenge.keycloak.policy.PolicyEvaluation;
import dev.claimschallenge.keycloak.policy.PolicyMode;
import dev.claimschallenge.keycloak.policy.RequiredClaim;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.representations.AccessToken;
import org.keycloak.util.JsonSerialization;

/**
 * Applies the required-claims policies that govern a token: {@code satisfy} and {@code enforce}
 * add the required claims Keycloak can compute; {@code enforce} then refuses a token that still
 * falls short, naming what is missing.
 */
final class PolicyEnforcement {

    private static final Logger LOG = Logger.getLogger(PolicyEnforcement.class);

    private PolicyEnforcement() {
    }

    /**
     * The required claims of every satisfy/enforce policy, as an essential claims request; plus
     * {@code acr} and {@code auth_time} (any value, computed by Keycloak from the session) where
     * such a policy names acr values or a max_age: the resource server must see what enforce judged.
     */
    static ClaimsRequest requiredClaimsRequest(List<RequiredClaimsPolicy> policies) {
        Map<String, RequestedClaim> claims = new LinkedHashMap<>();
        for (RequiredClaimsPolicy policy : policies) {
            if (policy.mode().addsClaims()) {
                policy.requiredClaims().forEach(required -> claims.putIfAbsent(required.name(), required.asRequest()));
                if (!policy.acrValues().isEmpty()) {
                    claims.putIfAbsent(ClaimsRequest.ACR, new RequestedClaim(ClaimsRequest.ACR, false, List.of()));
                }
                if (policy.maxAge() != null) {
                    claims.putIfAbsent(AccessTokenClaimsEnricher.AUTH_TIME, new RequestedClaim(AccessTokenClaimsEnricher.AUTH_TIME, false, List.of()));
                }
            }
        }
        return ClaimsRequest.ofAccessTokenClaims(claims);
    }

    /**
     * Throws when an {@code enforce} policy is not met by the finished token, judged as the
     * resource server's evaluate judges it ({@link PolicyEvaluation}: the token's claims, its acr
     * ranked through the policy client's ACR-to-LoA map, its auth_time against max_age).
     */
    static void enforce(List<RequiredClaimsPolicy> policies, AccessToken token, ClientSessionContext context, boolean refresh) {
        AuthenticatedClientSessionModel clientSession = context.getClientSession();
        RealmModel realm = clientSession.getRealm();
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = JsonSerialization.mapper.convertValue(token, Map.class);
        for (RequiredClaimsPolicy policy : policies) {
            if (policy.mode() != PolicyMode.ENFORCE) {
                continue;
            }
            ClientModel policyClient = realm.getClientByClientId(policy.clientId());
            Map<String, Integer> loaMap = policyClient != null ? AcrUtils.getAcrLoaMap(policyClient) : AcrUtils.getAcrLoaMap(clientSession.getClient());
            PolicyEvaluation evaluation = PolicyEvaluation.evaluate(policy, claims, loaMap, Time.currentTime());
            if (evaluation.satisfied()) {
                continue;
            }
            List<String> missingClaims = evaluation.missingClaims().stream().map(RequiredClaim::name).toList();
            List<String> missingAuthentication = new ArrayList<>();
            if (!evaluation.missingAcr().isEmpty()) {
                missingAuthentication.add("acr " + policy.acrValues());
            }
            if (evaluation.missingMaxAge() != null) {
                missingAuthentication.add("an authentication within the last " + policy.maxAge() + " s");
            }
            LOG.debugf("Refusing a token for client %s: policy of %s needs claims %s and %s",
                    clientSession.getClient().getClientId(), policy.clientId(), missingClaims, missingAuthentication);
            if (missingClaims.isEmpty()) {
                String reason = "The policy of " + policy.clientId() + " requires " + String.join(" and ", missingAuthentication);
                // on a refresh only the user can help (a new authorization request): say so the way MSAL recognises
                throw refresh ? OAuthRefusal.interactionRequired(reason)
                        : new OAuthRefusal(OAuthRefusal.UNMET_AUTHENTICATION_REQUIREMENTS, reason);
            }
            List<String> all = new ArrayList<>(missingClaims);
            all.addAll(missingAuthentication);
            throw new OAuthRefusal(refresh ? OAuthErrorException.INVALID_GRANT : OAuthErrorException.ACCESS_DENIED,
                    "The access token for " + policy.clientId() + " lacks required claims: " + String.join(", ", all));
        }
    }
}

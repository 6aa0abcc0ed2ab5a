package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.keycloak.OAuthRefusal;
import dev.claimschallenge.keycloak.claims.ClaimsRequest;
import dev.claimschallenge.keycloak.claims.RequestedClaim;
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
import org.keycloak.models.ClientSessionContext;
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

    /** The required claims of every satisfy/enforce policy, as an essential claims request. */
    static ClaimsRequest requiredClaimsRequest(List<RequiredClaimsPolicy> policies) {
        Map<String, RequestedClaim> claims = new LinkedHashMap<>();
        for (RequiredClaimsPolicy policy : policies) {
            if (policy.mode().addsClaims()) {
                policy.requiredClaims().forEach(required -> claims.putIfAbsent(required.name(), required.asRequest()));
            }
        }
        return ClaimsRequest.ofAccessTokenClaims(claims);
    }

    /** Throws when an {@code enforce} policy is not met by the finished token. */
    static void enforce(List<RequiredClaimsPolicy> policies, AccessToken token, ClientSessionContext context, boolean refresh) {
        AuthenticatedClientSessionModel clientSession = context.getClientSession();
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = JsonSerialization.mapper.convertValue(token, Map.class);
        for (RequiredClaimsPolicy policy : policies) {
            if (policy.mode() != PolicyMode.ENFORCE) {
                continue;
            }
            List<String> missingClaims = new ArrayList<>();
            for (RequiredClaim required : policy.requiredClaims()) {
                if (!required.isSatisfiedBy(claims.get(required.name()))) {
                    missingClaims.add(required.name());
                }
            }
            List<String> missingAuthentication = new ArrayList<>();
            if (!policy.acrValues().isEmpty()
                    && !AcrLevels.isMet(new RequestedClaim(ClaimsRequest.ACR, true, List.copyOf(policy.acrValues())), clientSession)) {
                missingAuthentication.add("acr " + policy.acrValues());
            }
            if (policy.maxAge() != null) {
                long authTime = AccessTokenClaimsEnricher.authTime(clientSession.getUserSession());
                if (Time.currentTime() - authTime > policy.maxAge()) {
                    missingAuthentication.add("an authentication within the last " + policy.maxAge() + " s");
                }
            }
            if (missingClaims.isEmpty() && missingAuthentication.isEmpty()) {
                continue;
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

package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.engine.ApprovedClients;
import dev.claimschallenge.engine.ClaimsRequest;
import dev.claimschallenge.engine.Facts;
import dev.claimschallenge.engine.PolicyEngine;
import dev.claimschallenge.engine.Shortfall;
import dev.claimschallenge.keycloak.OAuthRefusal;
import dev.claimschallenge.keycloak.internal.KeycloakFacts;
import dev.claimschallenge.keycloak.policy.PolicyMode;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.RealmModel;

/**
 * Applies the required-claims policies that govern a token: {@code satisfy} and {@code enforce}
 * add the required claims Keycloak can compute; {@code enforce} then refuses a token that still
 * falls short, naming what is missing. The judging is {@link PolicyEngine}'s; this class picks
 * the policies by mode, gathers the facts and words the refusal.
 */
final class PolicyEnforcement {

    private static final Logger LOG = Logger.getLogger(PolicyEnforcement.class);

    private PolicyEnforcement() {
    }

    /** What the satisfy/enforce policies make Keycloak compute into the token ({@link PolicyEngine#claimsToAdd}). */
    static ClaimsRequest requiredClaimsRequest(List<RequiredClaimsPolicy> policies) {
        return PolicyEngine.claimsToAdd(policies.stream().filter(policy -> policy.mode().addsClaims())
                .map(RequiredClaimsPolicy::requirement).toList());
    }

    /**
     * Throws when an {@code enforce} policy is not met by the finished token, judged as the
     * resource server's evaluate judges it ({@link KeycloakFacts#ofToken}): the token's claims, the
     * level its Keycloak-computed acr stands for against the policy's acr values ranked through the
     * policy client's ACR-to-LoA map (else the realm's; never the token client's own), its
     * Keycloak-computed auth_time against max_age, and the client it is issued to.
     */
    static void enforce(List<RequiredClaimsPolicy> policies, Facts facts, RealmModel realm, boolean refresh) {
        for (RequiredClaimsPolicy policy : policies) {
            if (policy.mode() != PolicyMode.ENFORCE) {
                continue;
            }
            Shortfall shortfall = PolicyEngine.judge(policy.requirement(), KeycloakFacts.rankedForPolicyOf(facts, realm, policy.clientId()));
            if (!shortfall.satisfied()) {
                throw refusal(shortfall, facts.client(), refresh);
            }
        }
    }

    /** The token endpoint's answer to a token that falls short of an enforce policy (docs/policies.md, "Modes"). */
    static OAuthRefusal refusal(Shortfall shortfall, String tokenClient, boolean refresh) {
        String source = shortfall.requirement().source();
        List<String> missingClaims = shortfall.missingClaimNames();
        if (missingClaims.stream().anyMatch(ApprovedClients::names)) {
            // no claim or step-up can make another client approved: say what evaluate says
            LOG.debugf("Refusing a token for client %s: the policy of %s does not approve it", tokenClient, source);
            return new OAuthRefusal(refresh ? OAuthErrorException.INVALID_GRANT : OAuthErrorException.ACCESS_DENIED,
                    "The policy of " + source + " refuses the token: " + ApprovedClients.NOT_APPROVED);
        }
        List<String> missingAuthentication = new ArrayList<>();
        if (!shortfall.missingAcr().isEmpty()) {
            missingAuthentication.add("acr " + shortfall.missingAcr());
        }
        if (shortfall.missingMaxAge() != null) {
            missingAuthentication.add("an authentication within the last " + shortfall.missingMaxAge() + " s");
        }
        LOG.debugf("Refusing a token for client %s: policy of %s needs claims %s and %s", tokenClient, source,
                missingClaims, missingAuthentication);
        if (missingClaims.isEmpty()) {
            String reason = "The policy of " + source + " requires " + String.join(" and ", missingAuthentication);
            // on a refresh only the user can help (a new authorization request): say so the way MSAL recognises
            return refresh ? OAuthRefusal.interactionRequired(reason)
                    : new OAuthRefusal(OAuthRefusal.UNMET_AUTHENTICATION_REQUIREMENTS, reason);
        }
        List<String> all = new ArrayList<>(missingClaims);
        all.addAll(missingAuthentication);
        return new OAuthRefusal(refresh ? OAuthErrorException.INVALID_GRANT : OAuthErrorException.ACCESS_DENIED,
                "The access token for " + source + " lacks required claims: " + String.join(", ", all));
    }
}

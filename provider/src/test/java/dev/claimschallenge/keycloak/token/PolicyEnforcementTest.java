package dev.claimschallenge.keycloak.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claimschallenge.engine.ClaimsRequest;
import dev.claimschallenge.engine.Facts;
import dev.claimschallenge.engine.PolicyEngine;
import dev.claimschallenge.engine.RequiredClaim;
import dev.claimschallenge.engine.Requirement;
import dev.claimschallenge.keycloak.OAuthRefusal;
import dev.claimschallenge.keycloak.policy.PolicyMode;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The refusals of docs/policies.md ("How refusals look"), from what the engine found missing. */
class PolicyEnforcementTest {

    private static final Requirement ORDERS = new Requirement("orders-api", List.of(RequiredClaim.named("email_verified", true)),
            List.of("gold"), 3600);

    @Test
    void aMissingClaimIsAccessDeniedOnACodeAndInvalidGrantOnARefresh() {
        var shortfall = PolicyEngine.judge(ORDERS, Facts.ofToken(Map.of("acr", "gold", "auth_time", 100L), Map.of("gold", 2), 100));

        OAuthRefusal code = PolicyEnforcement.refusal(shortfall, "web", false);
        OAuthRefusal refresh = PolicyEnforcement.refusal(shortfall, "web", true);

        assertEquals("access_denied", code.error());
        assertEquals("The access token for orders-api lacks required claims: email_verified", code.description());
        assertEquals("invalid_grant", refresh.error());
        assertEquals(code.description(), refresh.description());
    }

    @Test
    void onlyAcrOrMaxAgeIsUnmetAuthenticationOnACodeAndInteractionRequiredOnARefresh() {
        var shortfall = PolicyEngine.judge(ORDERS, Facts.ofToken(Map.of("email_verified", true, "acr", "silver"), Map.of("gold", 2, "silver", 1), 100));

        OAuthRefusal code = PolicyEnforcement.refusal(shortfall, "web", false);
        OAuthRefusal refresh = PolicyEnforcement.refusal(shortfall, "web", true);

        assertEquals(OAuthRefusal.UNMET_AUTHENTICATION_REQUIREMENTS, code.error());
        assertEquals("The policy of orders-api requires acr [gold] and an authentication within the last 3600 s", code.description());
        assertEquals(OAuthRefusal.interactionRequired(code.description()).description(), refresh.description());
        assertEquals("invalid_grant", refresh.error());
    }

    @Test
    void claimsAndAuthenticationMissingTogetherAreNamedTogether() {
        var shortfall = PolicyEngine.judge(ORDERS, Facts.ofToken(Map.of(), Map.of("gold", 2), 100));

        assertEquals("The access token for orders-api lacks required claims: email_verified, acr [gold], an authentication within the last 3600 s",
                PolicyEnforcement.refusal(shortfall, "web", false).description());
    }

    @Test
    void onlySatisfyAndEnforcePoliciesAddClaims() {
        RequiredClaimsPolicy advertise = new RequiredClaimsPolicy("1", "a", List.of(RequiredClaim.named("x")), List.of(), null, List.of(), PolicyMode.ADVERTISE);
        RequiredClaimsPolicy satisfy = new RequiredClaimsPolicy("2", "b", List.of(RequiredClaim.named("y")), List.of(), 60, List.of(), PolicyMode.SATISFY);

        ClaimsRequest request = PolicyEnforcement.requiredClaimsRequest(List.of(advertise, satisfy));

        assertEquals(List.of("y", "auth_time"), List.copyOf(request.accessToken().keySet()));
    }
}

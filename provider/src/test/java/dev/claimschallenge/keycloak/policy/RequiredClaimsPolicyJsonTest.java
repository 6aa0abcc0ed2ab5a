package dev.claimschallenge.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.engine.RequiredClaim;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

/** The policy JSON is UMA's required_claims shape plus values, acr_values, max_age, requestable_claims and mode. */
class RequiredClaimsPolicyJsonTest {

    static final String POLICY = """
            {"client_id":"orders-api","mode":"enforce",
             "required_claims":[{"name":"email_verified","friendly_name":"Verified e-mail","claim_type":"email_verified",
                                 "claim_token_format":["http://openid.net/specs/openid-connect-core-1_0.html#IDToken"],
                                 "issuer":["http://localhost:8080/realms/claims-demo"],"values":[true]},
                                {"name":"purpose","values":["research"]}],
             "acr_values":["gold"],"max_age":300,"requestable_claims":["department"]}""";

    @Test
    void readsAndWritesTheUmaShape() throws Exception {
        RequiredClaimsPolicy policy = RequiredClaimJson.MAPPER.readValue(POLICY, RequiredClaimsPolicy.class);

        assertEquals("orders-api", policy.clientId());
        assertEquals(PolicyMode.ENFORCE, policy.mode());
        assertEquals(List.of(true), policy.requiredClaims().get(0).values());
        assertEquals("Verified e-mail", policy.requiredClaims().get(0).friendlyName());
        assertEquals(300, policy.maxAge());
        assertEquals(List.of("email_verified", "purpose", "department"), policy.releasableClaimNames());

        Map<String, Object> json = RequirementKind.POLICY.toJson(policy);
        assertEquals("enforce", json.get("mode"));
        assertEquals(JsonSerialization.readValue(POLICY, Map.class).get("required_claims"), json.get("required_claims"));
    }

    @Test
    void aRequiredClaimIsSatisfiedByAnAcceptableOrAnyPresentValue() {
        assertTrue(RequiredClaim.named("email_verified", true).isSatisfiedBy(true));
        assertFalse(RequiredClaim.named("email_verified", true).isSatisfiedBy(false));
        assertTrue(RequiredClaim.named("department").isSatisfiedBy("research"));
        assertFalse(RequiredClaim.named("department").isSatisfiedBy(null));
        assertTrue(RequiredClaim.named("groups", "research").isSatisfiedBy(List.of("staff", "research")));
    }

    @Test
    void unknownModesAndMembersAreRefused() {
        assertThrows(Exception.class, () -> RequiredClaimJson.MAPPER.readValue("{\"client_id\":\"a\",\"mode\":\"strict\"}", RequiredClaimsPolicy.class));
        assertThrows(Exception.class, () -> RequiredClaimJson.MAPPER.readValue("{\"client_id\":\"a\",\"colour\":\"red\"}", RequiredClaimsPolicy.class));
    }
}

package dev.claimschallenge.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claimschallenge.engine.RequiredClaim;
import dev.claimschallenge.engine.Requirement;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequiredClaimsPolicyTest {

    @Test
    void aPolicyIsOneSourceOfRequirements() {
        RequiredClaimsPolicy policy = new RequiredClaimsPolicy("id", "orders-api", List.of(RequiredClaim.named("email")),
                List.of("gold"), 60, List.of("department"), PolicyMode.ENFORCE);

        assertEquals(new Requirement("orders-api", List.of(RequiredClaim.named("email")), List.of("gold"), 60), policy.requirement());
    }
}

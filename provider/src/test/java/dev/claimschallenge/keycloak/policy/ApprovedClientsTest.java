package dev.claimschallenge.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.engine.Facts;
import dev.claimschallenge.engine.PolicyEngine;
import dev.claimschallenge.engine.RequiredClaim;
import dev.claimschallenge.engine.Requirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentValidationException;

/** A required claim naming the token's client (azp, or RFC 9068's client_id): a check only, with values. */
class ApprovedClientsTest {

    @Test
    void azpAndClientIdMayBeRequiredWithValues() {
        RequirementChecks.checkRequiredClaims(List.of(RequiredClaim.named("azp", "demo-spa"), RequiredClaim.named("client_id", "demo-web")));
    }

    @Test
    void withoutValuesTheyAreRefusedBecauseTheyCouldOnlyBeRequestedAndThatIsNeverAllowed() {
        String message = assertThrows(ComponentValidationException.class,
                () -> RequirementChecks.checkRequiredClaims(List.of(RequiredClaim.named("azp")))).getMessage();
        assertTrue(message.startsWith("Required claims (required_claims): \"azp\" needs values: the client ids of the approved clients"), message);
    }

    /** Found by PolicyAdminApiIT: an entry without a name was a 500 (Set.of's contains(null)). */
    @Test
    void anEntryWithoutANameIsStillTheEmptyNameMessage() {
        String message = assertThrows(ComponentValidationException.class,
                () -> RequirementChecks.checkRequiredClaims(List.of(new RequiredClaim(null, "x", null, null, null, null)))).getMessage();
        assertTrue(message.contains("a claim name is empty"), message);
    }

    @Test
    void otherReservedClaimsStayRefused() {
        String message = assertThrows(ComponentValidationException.class,
                () -> RequirementChecks.checkRequiredClaims(List.of(RequiredClaim.named("sub", "x")))).getMessage();
        assertTrue(message.contains("\"sub\" is reserved"), message);
    }

    @Test
    void theClientIsTheOneKeycloakIssuedTheTokenToNeverAClaim() {
        Requirement approved = new Requirement("orders-api", List.of(RequiredClaim.named("client_id", "demo-spa")), List.of(), null);
        Requirement byAzp = new Requirement("orders-api", List.of(RequiredClaim.named("azp", "demo-spa")), List.of(), null);
        Map<String, Object> planted = Map.of("azp", "demo-spa", "client_id", "demo-spa");

        assertTrue(PolicyEngine.judge(approved, new Facts(Map.of(), "demo-spa", null, null, Map.of(), 0)).satisfied());
        assertFalse(PolicyEngine.judge(approved, new Facts(planted, "intruder", null, null, Map.of(), 0)).satisfied(),
                "a client_id claim a mapper wrote approves nothing");
        assertFalse(PolicyEngine.judge(byAzp, new Facts(planted, "intruder", null, null, Map.of(), 0)).satisfied(),
                "nor does an azp claim");
        assertTrue(PolicyEngine.judge(approved, Facts.ofToken(Map.of("azp", "demo-spa"), Map.of(), 0)).satisfied(),
                "a party holding only the token reads the client from azp");
    }
}

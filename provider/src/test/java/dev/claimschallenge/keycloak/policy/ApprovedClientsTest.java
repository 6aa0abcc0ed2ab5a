package dev.claimschallenge.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentValidationException;

/** A required claim naming the token's client (azp, or RFC 9068's client_id): a check only, with values. */
class ApprovedClientsTest {

    @Test
    void azpAndClientIdMayBeRequiredWithValues() {
        PolicyValidator.checkRequiredClaims(List.of(RequiredClaim.named("azp", "demo-spa"), RequiredClaim.named("client_id", "demo-web")));
    }

    @Test
    void withoutValuesTheyAreRefusedBecauseTheyCouldOnlyBeRequestedAndThatIsNeverAllowed() {
        String message = PolicyField.text(assertThrows(ComponentValidationException.class,
                () -> PolicyValidator.checkRequiredClaims(List.of(RequiredClaim.named("azp")))));
        assertTrue(message.startsWith("Required claims (required_claims): \"azp\" needs values: the client ids of the approved clients"), message);
    }

    /** Found by PolicyAdminApiIT: an entry without a name was a 500 (Set.of's contains(null)). */
    @Test
    void anEntryWithoutANameIsStillTheEmptyNameMessage() {
        String message = PolicyField.text(assertThrows(ComponentValidationException.class,
                () -> PolicyValidator.checkRequiredClaims(List.of(new RequiredClaim(null, "x", null, null, null, null)))));
        assertTrue(message.contains("a claim name is empty"), message);
    }

    @Test
    void otherReservedClaimsStayRefused() {
        String message = PolicyField.text(assertThrows(ComponentValidationException.class,
                () -> PolicyValidator.checkRequiredClaims(List.of(RequiredClaim.named("sub", "x")))));
        assertTrue(message.contains("\"sub\" is reserved"), message);
    }

    @Test
    void aTokenWithoutClientIdIsJudgedByItsAzp() {
        assertEquals(Map.of("azp", "demo-spa", "client_id", "demo-spa"), ApprovedClients.withClientId(Map.of("azp", "demo-spa")));
        assertEquals(Map.of("azp", "demo-spa", "client_id", "other"), ApprovedClients.withClientId(Map.of("azp", "demo-spa", "client_id", "other")));
        assertEquals(Map.of(), ApprovedClients.withClientId(Map.of()));
    }
}

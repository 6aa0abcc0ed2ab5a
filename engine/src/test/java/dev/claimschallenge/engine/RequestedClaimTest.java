package dev.claimschallenge.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestedClaimTest {

    @Test
    void withoutValuesAnyComputedValueMatches() {
        RequestedClaim any = new RequestedClaim("email", false, List.of());
        assertTrue(any.matches("alice@example.org"));
        assertFalse(any.matches(null), "a claim Keycloak did not compute is never released");
    }

    @Test
    void valuesFilterWhatKeycloakComputed() {
        RequestedClaim verified = new RequestedClaim("email_verified", true, List.of(true));
        assertTrue(verified.matches(true));
        assertTrue(verified.matches("true"), "user-attribute mappers may render booleans as strings");
        assertFalse(verified.matches(false));

        RequestedClaim level = new RequestedClaim("level", false, List.of(1));
        assertTrue(level.matches(1L));
        assertTrue(level.matches(1.0));
        assertFalse(level.matches("1"), "a string is not a number");
        // a mapper's double may be infinite (a user attribute "1e400"): no match, and no failure
        assertFalse(level.matches(Double.POSITIVE_INFINITY));
        assertFalse(level.matches(Double.NaN));
    }

    @Test
    void aMultiValuedClaimMatchesWhenItContainsAnAcceptableValue() {
        RequestedClaim groups = new RequestedClaim("groups", false, List.of("research"));
        assertTrue(groups.matches(List.of("staff", "research")));
        assertFalse(groups.matches(List.of("staff")));
    }
}

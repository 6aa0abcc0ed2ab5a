package dev.claimschallenge.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.engine.RequiredClaim;
import java.text.MessageFormat;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemsTest {

    @Test
    void aBodyWithSeveralProblemsIsRefusedNamingEachField() {
        Problems.Refusal e = assertThrows(Problems.Refusal.class, () -> RequirementKind.POLICY.read(
                "{\"client_id\":\"api\",\"max_age\":\"soon\",\"acr_values\":\"gold\",\"contexts\":[1],\"colour\":\"red\"}"));
        assertEquals(List.of(
                "Unknown policy field \"colour\"; a policy has client_id, mode, required_claims, acr_values, max_age, requestable_claims, contexts",
                "Acceptable acr values (acr_values): must be an array of strings, e.g. [\"gold\"], not the text \"gold\"",
                "Max age (seconds) (max_age): must be a whole number of seconds, e.g. 300, not the text \"soon\"",
                "Authentication contexts (contexts): must be an array of strings, e.g. [\"c1\"]; found the number 1"), e.problems());
        assertTrue(e.getMessage().startsWith("4 problems: (1) Unknown policy field"), e.getMessage());
        assertTrue(e.getMessage().contains(" (2) Acceptable acr values (acr_values): "), e.getMessage());
        // Keycloak's components endpoint formats the message as a MessageFormat pattern
        assertEquals(e.getMessage(), MessageFormat.format(e.getMessage(), (Object[]) null));
    }

    @Test
    void oneProblemReadsAsBefore() {
        Problems.Refusal e = assertThrows(Problems.Refusal.class, () -> RequirementKind.POLICY.read("{\"max_age\":-1.5}"));
        assertEquals("Max age (seconds) (max_age): must be a whole number of seconds, e.g. 300, not the number -1.5", e.getMessage());
    }

    @Test
    void everyBadClaimAndTheAuthenticationFieldsAreReportedTogether() {
        Problems problems = new Problems();
        RequirementChecks.checkRequiredClaims(List.of(RequiredClaim.named("sub"), RequiredClaim.named("ok"), RequiredClaim.named("iss")), problems);
        RequirementChecks.checkAuthentication(List.of("gold", "bad value"), -1, java.util.Map.of("gold", 2), "realm r", problems);
        Problems.Refusal e = assertThrows(Problems.Refusal.class, problems::throwIfAny);
        assertEquals(4, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("Required claims (required_claims): \"sub\" is reserved"), e.problems().get(0));
        assertTrue(e.problems().get(1).startsWith("Required claims (required_claims): \"iss\" is reserved"), e.problems().get(1));
        assertTrue(e.problems().get(2).startsWith("Max age (seconds) (max_age): must be between 0 and"), e.problems().get(2));
        assertTrue(e.problems().get(3).startsWith("Acceptable acr values (acr_values): an acr value has a control character"), e.problems().get(3));
    }

    @Test
    void aClaimWithTooManyValuesIsRefusedNamingTheLimit() {
        List<Object> values = new java.util.ArrayList<>(Collections.nCopies(RequirementChecks.MAX_VALUES_PER_CLAIM + 1, "v"));
        Problems.Refusal e = assertThrows(Problems.Refusal.class,
                () -> RequirementChecks.checkRequiredClaims(List.of(new RequiredClaim("tos_version", null, null, null, null, values))));
        assertEquals("Required claims (required_claims): \"tos_version\" has 101 acceptable values; at most 100 per claim", e.getMessage());
    }

    @Test
    void aDocumentOverTheSizeLimitIsRefusedBeforeItIsParsed() {
        String huge = "{\"client_id\":\"" + "x".repeat(RequirementChecks.MAX_DOCUMENT_CHARS) + "\"}";
        var e = assertThrows(org.keycloak.component.ComponentValidationException.class, () -> RequirementKind.POLICY.read(huge));
        assertEquals("Invalid policy JSON: the body has " + huge.length() + " characters; at most 65536", e.getMessage());
        var stored = assertThrows(org.keycloak.component.ComponentValidationException.class,
                () -> RequirementJson.requiredClaims("[" + " ".repeat(RequirementChecks.MAX_DOCUMENT_CHARS) + "]"));
        assertTrue(stored.getMessage().startsWith("Required claims (required_claims): has 65538 characters; at most 65536"), stored.getMessage());
    }
}

package dev.claimschallenge.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.engine.RequiredClaim;
import java.text.MessageFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentValidationException;

class RequiredClaimsListTest {

    private static final String STORED = "[{\"name\":\"email_verified\",\"friendly_name\":\"Verified e-mail\",\"values\":[true]},"
            + "{\"name\":\"tos_version\",\"values\":[\"2024-06\"]}]";
    private static final String STORED_LIST = "[{\"key\":\"email_verified\",\"value\":\"true\"},{\"key\":\"tos_version\",\"value\":\"2024-06\"}]";

    private static List<RequiredClaim> claims(String json) {
        return RequirementJson.requiredClaims(json);
    }

    @Test
    void aNewPolicyFromTheRowsAlone() {
        RequiredClaimsList.Synced synced = RequiredClaimsList.sync(
                "[{\"key\":\"tos_version\",\"value\":\"2024-06, 2025-01\"},{\"key\":\"email_verified\",\"value\":\"true\"},{\"key\":\"department\",\"value\":\"\"}]",
                null, null);
        assertEquals(List.of(RequiredClaim.named("tos_version", "2024-06", "2025-01"), RequiredClaim.named("email_verified", true),
                RequiredClaim.named("department")), synced.claims());
        // both fields are rewritten from the result
        assertEquals(synced.claims(), claims(synced.json()));
        assertEquals("[{\"key\":\"tos_version\",\"value\":\"2024-06, 2025-01\"},{\"key\":\"email_verified\",\"value\":\"true\"},"
                + "{\"key\":\"department\",\"value\":\"\"}]", synced.list());
    }

    @Test
    void writersWithoutTheRowsKeepTheJsonAndGetTheRowsWritten() {
        // the REST API and realm imports (an import's rows are an old view: not passed)
        RequiredClaimsList.Synced synced = RequiredClaimsList.sync(null, STORED, STORED);
        assertEquals(claims(STORED), synced.claims());
        assertEquals(STORED_LIST, synced.list());
    }

    @Test
    void anEditInTheRowsKeepsTheUmaMembersOfTheStoredClaims() {
        RequiredClaimsList.Synced synced = RequiredClaimsList.sync(
                "[{\"key\":\"email_verified\",\"value\":\"true\"},{\"key\":\"tos_version\",\"value\":\"2025-01\"},{\"key\":\"amr\",\"value\":\"mfa\"}]",
                "[]", STORED);
        assertEquals(List.of(new RequiredClaim("email_verified", "Verified e-mail", null, null, null, List.of(true)),
                RequiredClaim.named("tos_version", "2025-01"), RequiredClaim.named("amr", "mfa")), synced.claims());
    }

    @Test
    void theJsonThatArrivesWithTheRowsIsIgnored() {
        // the page is not reloaded after a save, so the JSON it posts is what it loaded: stale. The
        // first save of a new policy stored tos_version; the second posts the same rows and "[]"
        String afterFirstSave = "[{\"name\":\"tos_version\",\"values\":[\"2024-06\"]}]";
        String rows = "[{\"key\":\"tos_version\",\"value\":\"2024-06\"}]";
        assertEquals(claims(afterFirstSave), RequiredClaimsList.sync(rows, "[]", afterFirstSave).claims());
        // the mirror image: a row removed and saved; the next save posts the JSON loaded before that
        String removedRows = "[{\"key\":\"email_verified\",\"value\":\"true\"}]";
        String afterRemoval = RequiredClaimsList.sync(removedRows, STORED, STORED).json();
        assertEquals(List.of(claims(STORED).get(0)), RequiredClaimsList.sync(removedRows, STORED, afterRemoval).claims());
    }

    @Test
    void aRowRemovedRemovesTheClaim() {
        RequiredClaimsList.Synced synced = RequiredClaimsList.sync("[{\"key\":\"tos_version\",\"value\":\"2024-06\"}]", STORED, STORED);
        assertEquals(List.of(RequiredClaim.named("tos_version", "2024-06")), synced.claims());
        // the page sends an empty string once the last row is removed
        assertEquals(List.of(), RequiredClaimsList.sync("", STORED, STORED).claims());
    }

    @Test
    void anEditKeepsTheTypeOfValuesAlreadyStored() {
        String stored = "[{\"name\":\"level\",\"values\":[1]}]";
        RequiredClaimsList.Synced synced = RequiredClaimsList.sync("[{\"key\":\"level\",\"value\":\"1, 2\"}]", null, stored);
        assertEquals(List.of(RequiredClaim.named("level", 1, "2")), synced.claims());
    }

    @Test
    void aValueHoldingACommaSurvivesAnUntouchedRow() {
        String stored = "[{\"name\":\"org\",\"values\":[\"Acme, Inc.\"]}]";
        RequiredClaimsList.Synced first = RequiredClaimsList.sync(null, stored, null);
        assertEquals(claims(stored), RequiredClaimsList.sync(first.list(), null, stored).claims());
    }

    @Test
    void aClaimListedTwiceIsRefused() {
        ComponentValidationException e = assertThrows(ComponentValidationException.class, () -> RequiredClaimsList.sync(
                "[{\"key\":\"amr\",\"value\":\"mfa\"},{\"key\":\"amr\",\"value\":\"otp\"}]", "[]", null));
        assertTrue(e.getMessage().startsWith("Required claims: claim \"amr\" is listed twice"), e.getMessage());
        // Keycloak's components endpoint formats the message as a MessageFormat pattern
        assertEquals(e.getMessage(), MessageFormat.format(e.getMessage(), (Object[]) null));
    }

    @Test
    void badJsonIsReportedOnTheJsonField() {
        ComponentValidationException e = assertThrows(ComponentValidationException.class, () -> RequiredClaimsList.sync(null, "[{", null));
        assertTrue(e.getMessage().startsWith("Required claims (required_claims): not valid JSON"), e.getMessage());
    }
}

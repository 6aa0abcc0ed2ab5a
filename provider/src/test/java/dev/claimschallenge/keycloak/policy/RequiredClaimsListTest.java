package dev.claimschallenge.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.MessageFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentValidationException;

class RequiredClaimsListTest {

    private static final String STORED = "[{\"name\":\"email_verified\",\"friendly_name\":\"Verified e-mail\",\"values\":[true]},"
            + "{\"name\":\"tos_version\",\"values\":[\"2024-06\"]}]";
    private static final String STORED_LIST = "[{\"key\":\"email_verified\",\"value\":\"true\"},{\"key\":\"tos_version\",\"value\":\"2024-06\"}]";

    private static List<RequiredClaim> claims(String json) {
        return PolicyJson.requiredClaims(json);
    }

    @Test
    void aNewPolicyFromTheListAlone() {
        RequiredClaimsList.Synced synced = RequiredClaimsList.sync(
                "[{\"key\":\"tos_version\",\"value\":\"2024-06, 2025-01\"},{\"key\":\"email_verified\",\"value\":\"true\"},{\"key\":\"department\",\"value\":\"\"}]",
                "[]", null, null);
        assertEquals(List.of(RequiredClaim.named("tos_version", "2024-06", "2025-01"), RequiredClaim.named("email_verified", true),
                RequiredClaim.named("department")), synced.claims());
        // both fields are rewritten from the result
        assertEquals(synced.claims(), claims(synced.json()));
        assertEquals("[{\"key\":\"tos_version\",\"value\":\"2024-06, 2025-01\"},{\"key\":\"email_verified\",\"value\":\"true\"},"
                + "{\"key\":\"department\",\"value\":\"\"}]", synced.list());
    }

    @Test
    void writersWithoutTheListKeepTheJsonAndGetTheListWritten() {
        // the REST API, realm imports and policies saved before the list existed
        RequiredClaimsList.Synced synced = RequiredClaimsList.sync(null, STORED, STORED, null);
        assertEquals(claims(STORED), synced.claims());
        assertEquals(STORED_LIST, synced.list());
    }

    @Test
    void anEditInTheListKeepsTheJsonOnlyAttributes() {
        RequiredClaimsList.Synced synced = RequiredClaimsList.sync(
                "[{\"key\":\"email_verified\",\"value\":\"true\"},{\"key\":\"tos_version\",\"value\":\"2025-01\"},{\"key\":\"amr\",\"value\":\"mfa\"}]",
                STORED, STORED, STORED_LIST);
        assertEquals(List.of(new RequiredClaim("email_verified", "Verified e-mail", null, null, null, List.of(true)),
                RequiredClaim.named("tos_version", "2025-01"), RequiredClaim.named("amr", "mfa")), synced.claims());
    }

    @Test
    void aRowRemovedFromTheListRemovesTheClaim() {
        RequiredClaimsList.Synced synced = RequiredClaimsList.sync("[{\"key\":\"tos_version\",\"value\":\"2024-06\"}]", STORED, STORED, STORED_LIST);
        assertEquals(List.of(RequiredClaim.named("tos_version", "2024-06")), synced.claims());
        // the page sends an empty string once the last row is removed
        assertEquals(List.of(), RequiredClaimsList.sync("", STORED, STORED, STORED_LIST).claims());
    }

    @Test
    void anEditInTheJsonWinsOverTheUntouchedList() {
        String json = "[{\"name\":\"tos_version\",\"values\":[\"2025-01\"],\"issuer\":[\"https://idp\"]}]";
        RequiredClaimsList.Synced synced = RequiredClaimsList.sync(STORED_LIST, json, STORED, STORED_LIST);
        assertEquals(claims(json), synced.claims());
        assertEquals("[{\"key\":\"tos_version\",\"value\":\"2025-01\"}]", synced.list());
    }

    @Test
    void editsOfDifferentClaimsInBothFieldsAreMerged() {
        String json = "[{\"name\":\"email_verified\",\"friendly_name\":\"Verified e-mail\",\"values\":[true]},"
                + "{\"name\":\"tos_version\",\"values\":[\"2025-01\"]}]";
        String list = STORED_LIST.replace("]", ",{\"key\":\"acr_level\",\"value\":\"2\"}]");
        RequiredClaimsList.Synced synced = RequiredClaimsList.sync(list, json, STORED, STORED_LIST);
        assertEquals(List.of(new RequiredClaim("email_verified", "Verified e-mail", null, null, null, List.of(true)),
                RequiredClaim.named("tos_version", "2025-01"), RequiredClaim.named("acr_level", "2")), synced.claims());
    }

    @Test
    void theSameEditInBothFieldsIsNoConflict() {
        String json = "[{\"name\":\"tos_version\",\"values\":[\"2025-01\"]}]";
        assertEquals(claims(json), RequiredClaimsList.sync("[{\"key\":\"tos_version\",\"value\":\"2025-01\"}]", json, STORED, STORED_LIST).claims());
    }

    @Test
    void differentEditsOfOneClaimAreRefusedNamingIt() {
        String json = "[{\"name\":\"email_verified\",\"values\":[true]},{\"name\":\"tos_version\",\"values\":[\"2025-01\"]}]";
        String list = "[{\"key\":\"email_verified\",\"value\":\"true\"},{\"key\":\"tos_version\",\"value\":\"2026-01\"}]";
        ComponentValidationException e = assertThrows(ComponentValidationException.class, () -> RequiredClaimsList.sync(list, json, STORED, STORED_LIST));
        assertEquals("Required claims and Required claims (JSON) both changed claim \"tos_version\", differently (values 2026-01 in the list,"
                + " values 2025-01 in the JSON): change it in one of the two fields", e.getMessage());
        // Keycloak's components endpoint formats the message as a MessageFormat pattern
        assertEquals(e.getMessage(), MessageFormat.format(e.getMessage(), (Object[]) null));
    }

    @Test
    void anEditKeepsTheTypeOfValuesAlreadyInTheJson() {
        String stored = "[{\"name\":\"level\",\"values\":[1]}]";
        RequiredClaimsList.Synced synced = RequiredClaimsList.sync("[{\"key\":\"level\",\"value\":\"1, 2\"}]", stored, stored,
                "[{\"key\":\"level\",\"value\":\"1\"}]");
        assertEquals(List.of(RequiredClaim.named("level", 1, "2")), synced.claims());
    }

    @Test
    void aValueHoldingACommaSurvivesAnUntouchedList() {
        String stored = "[{\"name\":\"org\",\"values\":[\"Acme, Inc.\"]}]";
        RequiredClaimsList.Synced first = RequiredClaimsList.sync(null, stored, stored, null);
        assertEquals(claims(stored), RequiredClaimsList.sync(first.list(), stored, stored, first.list()).claims());
    }

    @Test
    void aRowAddedToAPolicySavedBeforeTheListExistedKeepsItsClaims() {
        // no stored list: the page showed an empty list next to the stored JSON
        RequiredClaimsList.Synced synced = RequiredClaimsList.sync("[{\"key\":\"amr\",\"value\":\"mfa\"}]", STORED, STORED, null);
        List<RequiredClaim> expected = new java.util.ArrayList<>(claims(STORED));
        expected.add(RequiredClaim.named("amr", "mfa"));
        assertEquals(expected, synced.claims());
    }

    @Test
    void anImportWhoseListDisagreesWithItsJsonIsRefused() {
        // a hand-edited export: required_claims changed, the stale required_claims_list left in
        ComponentValidationException e = assertThrows(ComponentValidationException.class, () -> RequiredClaimsList.sync(
                STORED_LIST, STORED.replace("2024-06", "2025-01"), null, null));
        assertTrue(e.getMessage().contains("claim \"tos_version\", differently"), e.getMessage());
        // an export as Keycloak writes it imports as it is
        assertEquals(claims(STORED), RequiredClaimsList.sync(STORED_LIST, STORED, null, null).claims());
    }

    @Test
    void aClaimListedTwiceIsRefused() {
        ComponentValidationException e = assertThrows(ComponentValidationException.class, () -> RequiredClaimsList.sync(
                "[{\"key\":\"amr\",\"value\":\"mfa\"},{\"key\":\"amr\",\"value\":\"otp\"}]", "[]", null, null));
        assertTrue(e.getMessage().startsWith("Required claims: claim \"amr\" is listed twice"), e.getMessage());
    }

    @Test
    void badJsonIsStillReportedOnTheJsonField() {
        ComponentValidationException e = assertThrows(ComponentValidationException.class, () -> RequiredClaimsList.sync("", "[{", null, null));
        assertTrue(e.getMessage().startsWith("Required claims (JSON) (required_claims): not valid JSON"), e.getMessage());
    }
}

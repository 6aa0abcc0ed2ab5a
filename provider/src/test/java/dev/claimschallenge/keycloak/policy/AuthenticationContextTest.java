package dev.claimschallenge.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.claimschallenge.engine.RequiredClaim;
import java.text.MessageFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.RealmModel;

/** Authentication contexts: ids, the REST JSON, the stored component, and validation. */
class AuthenticationContextTest {

    @ParameterizedTest
    @ValueSource(strings = {"c1", "c99", "payments.transfer", "records_export-2", "A.b_C-9"})
    void idsOfLettersDigitsDotUnderscoreAndHyphenAreAccepted(String id) {
        assertNull(AuthenticationContext.idProblem(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "c 1", "c1,c2", "c\"1", "c/1", "c1\u00e9", "c1\u202e", "c1\n", "{c1}"})
    void otherIdsAreRefused(String id) {
        String problem = AuthenticationContext.idProblem(id);
        assertTrue(problem != null && problem.startsWith("an authentication context id"), problem);
        assertFalse(problem.contains("\n"), problem);
    }

    @Test
    void idsAreLengthLimited() {
        assertNull(AuthenticationContext.idProblem("c".repeat(AuthenticationContext.MAX_ID_LENGTH)));
        assertTrue(AuthenticationContext.idProblem("c".repeat(AuthenticationContext.MAX_ID_LENGTH + 1)).contains("longer than 64"));
        assertTrue(AuthenticationContext.idProblem(null).contains("empty"));
    }

    @Test
    void theRestJsonIsReadFieldByField() {
        AuthenticationContext context = RequirementKind.CONTEXT.read("""
                {"id":"c1","display_name":"Strong and recent","description":"money moves",
                 "required_claims":[{"name":"email_verified","values":[true]}],"acr_values":["gold"],"max_age":300,
                 "problem":"ignored"}""");
        assertEquals(new AuthenticationContext("c1", "Strong and recent", "money moves",
                List.of(RequiredClaim.named("email_verified", true)), List.of("gold"), 300), context);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"id\":1}                             | Context id (id): must be a string",
            "{\"display_name\":[\"x\"]}             | Display name (display_name): must be a string",
            "{\"max_age\":\"soon\"}                 | Max age (seconds) (max_age): must be a whole number of seconds",
            "{\"acr_values\":\"gold\"}              | Acceptable acr values (acr_values): must be an array of strings",
            "{\"required_claims\":[{\"name\":1}]}   | entry 1 name must be a string",
            "{\"client_id\":\"demo-api\"}           | Unknown authentication context field \"client_id\"",
            "[1]                                    | Invalid authentication context JSON",
            "{not json                              | Invalid authentication context JSON"})
    void wrongTypesNameTheFieldAndTheFix(String body, String message) {
        ComponentValidationException e = assertThrows(ComponentValidationException.class, () -> RequirementKind.CONTEXT.read(body));
        String text = e.getMessage();
        assertTrue(text.contains(message.trim()), text);
        assertEquals(text, MessageFormat.format(e.getMessage(), (Object[]) null), "braces or quotes in " + text);
    }

    @Test
    void aComponentRoundTripKeepsEveryField() {
        RealmModel realm = mock(RealmModel.class);
        when(realm.getId()).thenReturn("realm-id");
        AuthenticationContext context = new AuthenticationContext("payments.transfer", "Transfer", "second factor, recent",
                List.of(RequiredClaim.named("department", "finance")), List.of("gold", "silver"), 300);
        ComponentModel component = RequirementKind.CONTEXT.toComponent(realm, "component-id", context);
        assertEquals("payments.transfer", component.getName());
        assertTrue(RequirementKind.CONTEXT.isKind(component));
        assertFalse(RequirementKind.POLICY.isKind(component));
        assertEquals(context, RequirementKind.CONTEXT.fromComponent(component));
        assertEquals(Map.of("id", "payments.transfer", "display_name", "Transfer", "description", "second factor, recent",
                "required_claims", List.of(Map.of("name", "department", "values", List.of("finance"))),
                "acr_values", List.of("gold", "silver"), "max_age", 300), RequirementKind.CONTEXT.toJson(context));
    }

    @Test
    void theValidatorChecksTheRequirementAsForAPolicyAgainstTheRealmsAcrMap() {
        RealmModel realm = realm(Map.of("silver", "1", "gold", "2"));
        validate(realm, new AuthenticationContext("c1", null, null, List.of(), List.of("gold"), 300), null);

        assertEquals("Acceptable acr values (acr_values): [platinum] are not in the ACR-to-LoA mapping of realm demo (known: [gold, silver])",
                refusal(realm, new AuthenticationContext("c1", null, null, List.of(), List.of("platinum"), null)).replace("[silver, gold]", "[gold, silver]"));
        assertTrue(refusal(realm, new AuthenticationContext("c1", null, null, List.of(), List.of(), -1)).startsWith("Max age (seconds) (max_age): must be between 0"));
        assertTrue(refusal(realm, new AuthenticationContext("c 1", null, null, List.of(), List.of(), null)).startsWith("Context id (id): an authentication context id has only"));
        assertTrue(refusal(realm, new AuthenticationContext(null, null, null, List.of(), List.of(), null)).startsWith("Context id (id): an authentication context id is empty"));
        assertTrue(refusal(realm, new AuthenticationContext("c1", "x".repeat(201), null, List.of(), List.of(), null)).startsWith("Display name (display_name): at most 200"));
        assertTrue(refusal(realm, new AuthenticationContext("c1", null, null, List.of(RequiredClaim.named("iss")), List.of(), null)).contains("\"iss\" is reserved"));
    }

    @Test
    void aSecondContextWithTheSameIdIsRefused() {
        RealmModel realm = realm(Map.of("gold", "2"));
        ComponentModel existing = RequirementKind.CONTEXT.toComponent(realm, "existing", new AuthenticationContext("c1", null, null, List.of(), List.of(), null));
        when(realm.getComponentsStream("realm-id", RequirementKind.PROVIDER_TYPE)).thenAnswer(i -> Stream.of(existing));
        AuthenticationContext again = new AuthenticationContext("c1", null, null, List.of(), List.of(), 60);

        assertTrue(refusal(realm, again).contains("already has an authentication context \"c1\""));
        validate(realm, again, "existing"); // saving the same one is fine
    }

    @Test
    void aPolicyListsWellFormedDistinctContexts() {
        RequirementChecks.checkContextIds(List.of("c1", "payments.transfer"));
        assertTrue(assertThrows(ComponentValidationException.class, () -> RequirementChecks.checkContextIds(List.of("c1", "c1"))).getMessage()
                .startsWith("Authentication contexts (contexts): lists an authentication context twice"));
        assertTrue(assertThrows(ComponentValidationException.class, () -> RequirementChecks.checkContextIds(List.of("c 1"))).getMessage()
                .startsWith("Authentication contexts (contexts): an authentication context id has only"));
    }

    @Test
    void aPolicysContextsSurviveItsJsonAndItsComponent() {
        RequiredClaimsPolicy policy = RequirementKind.POLICY.read("{\"client_id\":\"demo-api\",\"contexts\":[\"c2\",\"c1\"]}");
        assertEquals(List.of("c2", "c1"), policy.contexts());
        RealmModel realm = realm(Map.of());
        assertEquals(List.of("c1", "c2"), RequirementKind.POLICY.fromComponent(RequirementKind.POLICY.toComponent(realm, policy.id(), policy)).contexts(),
                "stored as a set: read back sorted, since Keycloak keeps no order of multivalued config");
        assertEquals(List.of("c2", "c1"), RequirementKind.POLICY.toJson(policy).get("contexts"));
        assertFalse(RequirementKind.POLICY.toJson(policy.withId(null)).containsKey("id"));
        assertFalse(RequirementKind.POLICY.toJson(RequirementKind.POLICY.read("{\"client_id\":\"demo-api\"}")).containsKey("contexts"),
                "a policy without contexts shows none, as before contexts existed");
    }

    private static RealmModel realm(Map<String, String> loaMap) {
        RealmModel realm = mock(RealmModel.class);
        when(realm.getId()).thenReturn("realm-id");
        when(realm.getName()).thenReturn("demo");
        when(realm.getAttribute("acr.loa.map")).thenReturn(loaMap.isEmpty() ? null
                : "{" + String.join(",", loaMap.entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"").toList()) + "}");
        when(realm.getComponentsStream("realm-id", RequirementKind.PROVIDER_TYPE)).thenAnswer(i -> Stream.empty());
        return realm;
    }

    private static String refusal(RealmModel realm, AuthenticationContext context) {
        return assertThrows(ComponentValidationException.class, () -> validate(realm, context, null)).getMessage();
    }

    private static void validate(RealmModel realm, AuthenticationContext context, String componentId) {
        Problems problems = new Problems();
        RequirementKind.CONTEXT.validate(realm, context, componentId, problems);
        problems.throwIfAny();
    }
}

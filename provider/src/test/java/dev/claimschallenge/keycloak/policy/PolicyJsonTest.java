package dev.claimschallenge.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.engine.RequiredClaim;
import java.text.MessageFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.component.ComponentValidationException;

class PolicyJsonTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"required_claims\":\"tos_version\"}                 | Required claims (required_claims): must be a JSON array of claims",
            "{\"required_claims\":[null]}                         | Required claims (required_claims): entry 1 must be an object",
            "{\"required_claims\":[{\"name\":42}]}                | entry 1 name must be a string",
            "{\"required_claims\":[{\"name\":\"a\",\"values\":[{}]}]} | found an object",
            "{\"mode\":\"strict\"}                                | Mode (mode): must be advertise, satisfy or enforce, not \"strict\"",
            "{\"max_age\":\"soon\"}                               | Max age (seconds) (max_age): must be a whole number of seconds",
            "{\"acr_values\":\"gold\"}                            | Acceptable acr values (acr_values): must be an array of strings",
            "{\"client_id\":{\"x\":1}}                            | Client (client_id): must be a string",
            "{\"colour\":\"red\"}                                 | Unknown policy field \"colour\"",
            "[1]                                                  | Invalid policy JSON",
            "{not json                                            | Invalid policy JSON"})
    void wrongTypesNameTheFieldAndTheFix(String body, String message) {
        ComponentValidationException e = assertThrows(ComponentValidationException.class, () -> RequirementKind.POLICY.read(body));
        String text = e.getMessage();
        assertTrue(text.contains(message.trim()), text);
        assertFalse(text.contains("java") || text.contains("Exception"), text);
        // Keycloak's components endpoint formats the message as a MessageFormat pattern
        assertEquals(text, MessageFormat.format(e.getMessage(), (Object[]) null), "braces or quotes in " + text);
    }

    @Test
    void nonFiniteNumbersAreRefusedInPoliciesAndContexts() {
        for (String number : List.of("1e400", "-1E+999")) {
            String claims = "[{\"name\":\"level\",\"values\":[" + number + "]}]";
            ComponentValidationException e = assertThrows(ComponentValidationException.class, () -> RequirementJson.requiredClaims(claims));
            assertTrue(e.getMessage().contains("values must hold finite numbers"), e.getMessage());
            e = assertThrows(ComponentValidationException.class, () -> RequirementKind.CONTEXT.read("{\"id\":\"c1\",\"required_claims\":" + claims + "}"));
            assertTrue(e.getMessage().contains("values must hold finite numbers"), e.getMessage());
        }
        assertEquals(1, RequirementJson.requiredClaims("[{\"name\":\"level\",\"values\":[1.5e300]}]").get(0).values().size());
    }

    @Test
    void theStoredTextOfRequiredClaimsReadsTheSameWay() {
        ComponentValidationException e = assertThrows(ComponentValidationException.class, () -> RequirementJson.requiredClaims("[null]"));
        assertTrue(e.getMessage().startsWith("Required claims (required_claims): entry 1"), e.getMessage());
        assertEquals(List.of(RequiredClaim.named("tos_version", "2024-06", true, 1)),
                RequirementJson.requiredClaims("[{\"name\":\"tos_version\",\"values\":[\"2024-06\",true,1]}]"));
    }

    @Test
    void echoedInputCannotBreakTheMessageFormat() {
        ComponentValidationException e = assertThrows(ComponentValidationException.class,
                () -> RequirementKind.POLICY.read("{\"mode\":\"{0} it's\"}"));
        assertEquals(e.getMessage(), MessageFormat.format(e.getMessage(), (Object[]) null));
    }

    @Test
    void aPolicyReadsWithItsTypes() {
        RequiredClaimsPolicy policy = RequirementKind.POLICY.read("""
                {"id":"ignored","problem":"ignored","client_id":"api","mode":"enforce","max_age":300,
                 "acr_values":["gold"],"requestable_claims":["department"],
                 "required_claims":[{"name":"email_verified","friendly_name":"Verified","values":[true]}]}""");
        assertEquals("api", policy.clientId());
        assertEquals(PolicyMode.ENFORCE, policy.mode());
        assertEquals(300, policy.maxAge());
        assertEquals(List.of(true), policy.requiredClaims().get(0).values());
        assertEquals(null, policy.id());
    }

    @Test
    void acrValuesArePrintableAsciiTokens() {
        assertEquals(null, RequirementChecks.acrProblem("urn:example:loa:2"));
        assertTrue(RequirementChecks.acrProblem("g\u00f6ld\u2713").contains("printable ASCII"));
        assertTrue(RequirementChecks.acrProblem("gold,silver").contains("without commas"));
    }

    /** Messages name fields as the admin page labels them: the labels of the English bundle (theme-resources/ in this jar). */
    @Test
    void fieldLabelsAreThePagesLabels() throws Exception {
        java.util.Properties labels = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(
                "src/main/resources/theme-resources/messages/messages_en.properties"), java.nio.charset.StandardCharsets.UTF_8)) {
            labels.load(in);
        }
        for (RequirementKind<?> kind : List.of(RequirementKind.POLICY, RequirementKind.CONTEXT)) {
            for (Field<?, ?> field : kind.fields()) {
                assertEquals(1, field.page().stream().map(p -> p.getLabel()).distinct().count(), kind + " " + field.json() + ": one label on the page");
                assertEquals(labels.getProperty(field.page().get(0).getLabel()), field.label(), kind + " " + field.json());
            }
        }
    }
}

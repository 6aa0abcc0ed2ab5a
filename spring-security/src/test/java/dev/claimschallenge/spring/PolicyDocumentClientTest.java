package dev.claimschallenge.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PolicyDocumentClientTest {

    private final FakeKeycloak keycloak = new FakeKeycloak();

    PolicyDocumentClientTest() throws Exception {
    }

    @AfterEach
    void stop() {
        keycloak.close();
    }

    private PolicyDocumentClient client(String issuer) {
        return new PolicyDocumentClient(new ClaimsChallengeProperties(issuer, "notes api", "s3cret:&", Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ZERO), document -> { });
    }

    @Test
    void theDocumentIsFetchedWithTheApisFormEncodedCredentials() {
        keycloak.answer(200, FakeKeycloak.document(FakeKeycloak.C1), "\"v1\"");
        PolicyDocumentClient client = client(keycloak.issuer());

        assertTrue(client.refresh());

        PolicyDocument document = client.current();
        assertEquals(List.of("c1"), List.copyOf(document.contexts().keySet()));
        assertEquals(FakeKeycloak.NO_TOKEN, document.noTokenChallenge());
        assertEquals(Map.of("gold", 1), document.namingMap("relabel"), "a client with its own map names acr through it");
        assertEquals(Map.of("silver", 1, "gold", 2), document.namingMap("web"), "any other through the realm's");
        String basic = "Basic " + Base64.getEncoder().encodeToString("notes+api:s3cret%3A%26".getBytes(StandardCharsets.UTF_8));
        assertEquals(basic + " | null", keycloak.requests.get(0));
    }

    @Test
    void aRefreshRevalidatesWithTheTagAndKeepsTheDocumentOn304() {
        PolicyDocumentClient client = client(keycloak.issuer());
        client.refresh();
        PolicyDocument first = client.current();

        assertTrue(client.refresh());

        assertTrue(keycloak.requests.get(1).endsWith(" | \"v1\""), keycloak.requests.toString());
        assertSame(first, client.current());
    }

    @Test
    void aChangedDocumentReplacesTheOldOne() {
        PolicyDocumentClient client = client(keycloak.issuer());
        client.refresh();
        keycloak.answer(200, FakeKeycloak.document(FakeKeycloak.C1), "\"v2\"");

        client.refresh();

        assertEquals(List.of("c1"), List.copyOf(client.current().contexts().keySet()));
    }

    @Test
    void whileKeycloakFailsOrIsUnreachableTheLastDocumentStaysInForce() {
        PolicyDocumentClient client = client(keycloak.issuer());
        client.refresh();
        PolicyDocument first = client.current();

        keycloak.answer(503, "{\"error\":\"unavailable\"}", "\"x\"");
        assertTrue(client.refresh());
        keycloak.close();
        assertTrue(client.refresh());

        assertSame(first, client.current());
    }

    @Test
    void withoutAnyDocumentThereIsNone() {
        keycloak.answer(401, "{\"error\":\"invalid_client\"}", "\"x\"");
        PolicyDocumentClient client = client(keycloak.issuer());

        assertFalse(client.refresh());
        assertNull(client.current());
    }

    @Test
    void aDocumentOfAnOlderProviderIsNotUsed() {
        keycloak.answer(200, "{\"client_id\":\"notes-api\",\"policy\":null,\"contexts\":[]}", "\"old\"");
        PolicyDocumentClient client = client(keycloak.issuer());

        assertFalse(client.refresh());
        assertNull(client.current());
    }

    @Test
    void missingPropertiesAreNamedAtStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ClaimsChallengeProperties("http://kc/realms/demo", "notes-api", " ", null, null, null, null).check());
        assertEquals("Set claims-challenge.client-secret: the API client's secret, for fetching its policy document", e.getMessage());
        assertNotNull(new ClaimsChallengeProperties("http://kc/realms/demo/", "a", "b", null, null, null, null).policyUri());
        assertEquals("http://kc/realms/demo/claims-challenge/policy",
                new ClaimsChallengeProperties("http://kc/realms/demo/", "a", "b", null, null, null, null).policyUri());
    }
}

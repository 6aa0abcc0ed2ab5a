package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin console's translations (what its t() reads) carry the themes jar's texts, per language. */
@ExtendWith(KeycloakExtension.class)
class MessageBundlesIT {

    @ParameterizedTest
    @CsvSource({"en, Required claims policies", "de, Richtlinien für erforderliche Claims"})
    void theAdminConsoleServesThePageTitleInEachShippedLanguage(String locale, String title, KeycloakServer server) {
        HttpResponse<String> response = new Browser().get(URI.create(server.baseUrl() + "/resources/claims-demo/admin/" + locale));

        assertEquals(200, response.statusCode());
        Map<?, ?>[] texts = AdminApi.read(response.body(), Map[].class); // [{"key": ..., "value": ...}]
        assertEquals(title, java.util.Arrays.stream(texts).filter(t -> "claims-challenge-policy".equals(t.get("key")))
                .map(t -> t.get("value")).findFirst().orElse(null));
    }
}

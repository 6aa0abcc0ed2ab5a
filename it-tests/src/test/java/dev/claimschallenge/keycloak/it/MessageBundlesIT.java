package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.ItConfig;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The admin console's translations (what its t() reads) carry the extension's texts, per language,
 * from the one jar an operator installs: the provider jar (the engine module inside it) is the only jar Keycloak gets.
 */
@ExtendWith(KeycloakExtension.class)
class MessageBundlesIT {

    @Test
    void theProviderJarIsTheOnlyJarAndCarriesTheBundles() throws IOException {
        try (Stream<Path> jars = Files.list(ItConfig.extensionJars())) {
            assertEquals(List.of("keycloak-claims-challenge.jar"), jars.map(jar -> jar.getFileName().toString()).toList());
        }
        try (JarFile jar = new JarFile(ItConfig.providerJar().toFile())) {
            for (String locale : List.of("en", "de")) {
                assertNotNull(jar.getEntry("theme-resources/messages/messages_" + locale + ".properties"), locale);
            }
            // the engine module is embedded (every IT here runs on these classes), and nothing but it and the provider
            assertNotNull(jar.getEntry("dev/claimschallenge/engine/PolicyEngine.class"), "the engine inside the provider jar");
            assertEquals(List.of(), jar.stream().map(java.util.zip.ZipEntry::getName).filter(name -> name.endsWith(".class"))
                    .filter(name -> !name.startsWith("dev/claimschallenge/")).toList(), "third-party classes in the provider jar");
        }
    }

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

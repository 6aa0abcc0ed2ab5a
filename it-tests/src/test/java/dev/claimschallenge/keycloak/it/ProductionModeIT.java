package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.DistributionKeycloak;
import dev.claimschallenge.keycloak.it.support.ItConfig;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.ThrowAwayTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.util.JsonSerialization;

/**
 * The production-mode path of docs/installation.md, command for command, on a copy of the
 * distribution: {@code kc.sh build --features=declarative-ui}, {@code bootstrap-admin},
 * {@code import --optimized}, {@code start --optimized} with a hostname and a (throw-away) TLS
 * certificate. Then, over https: the realm answers with its https issuer, the admin exists, the
 * feature and the policy page survived the import, the imported policy is there, and a resource
 * server reaches the extension's endpoint.
 */
@ExtendWith(KeycloakExtension.class)
class ProductionModeIT {

    private static final String ADMIN_PASSWORD = "production-admin-" + System.nanoTime();
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(4);

    @Test
    void theDocumentedProductionPathServesTheRealmAndItsPoliciesOverTls(KeycloakServer shared) throws Exception {
        Assumptions.assumeTrue(shared instanceof DistributionKeycloak, "needs an unpacked distribution (dist mode)");
        Path target = ItConfig.logFile().getParent();
        Path home = target.resolve("keycloak-production");
        copyDistribution(ItConfig.secondDistribution(), home);
        Files.copy(ItConfig.providerJar(), home.resolve("providers/keycloak-claims-challenge.jar")); // docs/installation.md's cp
        ThrowAwayTls tls = ThrowAwayTls.create(target.resolve("production-tls"));
        Path certificate = tls.certificatePem();
        Path key = writePrivateKeyPem(tls, target.resolve("production-tls/keycloak-tls.key"));
        Path log = target.resolve("keycloak-production.log");
        Files.deleteIfExists(log);

        kc(home, log, "build", "--features=declarative-ui");
        kc(home, log, "bootstrap-admin", "user", "--username", "admin", "--password:env", "KC_ADMIN_PASSWORD", "--optimized",
                "--no-prompt");
        kc(home, log, "import", "--file", ItConfig.realmFile().toString(), "--optimized");

        int port = DistributionKeycloak.freePort();
        String base = "https://localhost:" + port;
        Process server = start(home, log, "start", "--optimized", "--hostname=" + base, "--https-port=" + port,
                "--https-certificate-file=" + certificate, "--https-certificate-key-file=" + key,
                "--http-management-port=" + DistributionKeycloak.freePort());
        try {
            HttpClient https = HttpClient.newBuilder().sslContext(tls.sslContext()).connectTimeout(Duration.ofSeconds(5)).build();
            String realm = base + "/realms/" + KeycloakServer.REALM;
            Map<?, ?> discovery = awaitJson(https, realm + "/.well-known/openid-configuration", server, log);
            assertEquals(realm, discovery.get("issuer"), "the hostname option, not the request, names the issuer");

            String admin = (String) send(https, HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username=admin&password="
                            + ADMIN_PASSWORD)), 200).get("access_token");

            Map<?, ?> serverInfo = send(https, HttpRequest.newBuilder(URI.create(base + "/admin/serverinfo"))
                    .header("Authorization", "Bearer " + admin).GET(), 200);
            assertTrue(featureEnabled(serverInfo, "DECLARATIVE_UI"), "import --optimized kept the build's features");
            Map<?, ?> uiPages = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) serverInfo.get("providers")).get("ui-page")).get("providers");
            assertTrue(uiPages.containsKey("claims-challenge-policy"), "the policy page is registered: " + uiPages.keySet());

            String policies = sendText(https, HttpRequest.newBuilder(URI.create(base + "/admin/realms/" + KeycloakServer.REALM
                    + "/claims-challenge-policies")).header("Authorization", "Bearer " + admin).GET(), 200);
            assertTrue(policies.contains("\"client_id\":\"demo-api\""), "the import kept the example policy: " + policies);

            String basic = Base64.getEncoder().encodeToString("demo-api:demo-api-secret".getBytes(StandardCharsets.UTF_8));
            Map<?, ?> policy = send(https, HttpRequest.newBuilder(URI.create(realm + "/claims-challenge/policy"))
                    .header("Authorization", "Basic " + basic).GET(), 200);
            assertTrue(String.valueOf(policy.get("www_authenticate")).contains(base),
                    "challenges name the public https address: " + policy.get("www_authenticate"));
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static boolean featureEnabled(Map<?, ?> serverInfo, String name) {
        return ((List<?>) serverInfo.get("features")).stream().map(Map.class::cast)
                .anyMatch(feature -> name.equals(feature.get("name")) && Boolean.TRUE.equals(feature.get("enabled")));
    }

    /** A fresh copy: build, import and the H2 database change the distribution. */
    private static void copyDistribution(Path from, Path to) throws IOException, InterruptedException {
        run(List.of("rm", "-rf", to.toString()));
        run(List.of("cp", "-a", from.toString(), to.toString()));
        run(List.of("rm", "-rf", to.resolve("data").toString()));
        try (var old = Files.list(to.resolve("providers"))) {
            for (Path jar : old.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.delete(jar);
            }
        }
    }

    /** The private key of the throw-away certificate as PEM, for Keycloak's certificate-file options. */
    private static Path writePrivateKeyPem(ThrowAwayTls tls, Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.keyStore())) {
            store.load(in, tls.password().toCharArray());
        }
        Key key = store.getKey(store.aliases().nextElement(), tls.password().toCharArray());
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        return Files.writeString(file, pem);
    }

    /** One {@code kc.sh} command that must finish successfully. */
    private static void kc(Path home, Path log, String... args) throws Exception {
        Process process = start(home, log, args);
        if (!process.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kc.sh " + String.join(" ", args) + " did not finish; log: " + log);
        }
        assertEquals(0, process.exitValue(), () -> "kc.sh " + String.join(" ", args) + " failed:\n" + tail(log));
    }

    private static Process start(Path home, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString()));
        command.addAll(List.of(args));
        Files.writeString(log, "\n--- kc.sh " + String.join(" ", args) + " ---\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("KC_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().remove("KC_BOOTSTRAP_ADMIN_USERNAME");
        builder.environment().remove("KC_BOOTSTRAP_ADMIN_PASSWORD");
        return builder.start();
    }

    private static Map<?, ?> awaitJson(HttpClient https, String url, Process server, Path log) throws Exception {
        Instant deadline = Instant.now().plus(ItConfig.startupTimeout());
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new AssertionError("Keycloak exited while starting:\n" + tail(log));
            }
            try {
                HttpResponse<String> response = https.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return JsonSerialization.readValue(response.body(), Map.class);
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("Keycloak did not answer " + url + " in time:\n" + tail(log));
    }

    private static Map<?, ?> send(HttpClient https, HttpRequest.Builder request, int status) throws Exception {
        return JsonSerialization.readValue(sendText(https, request, status), Map.class);
    }

    private static String sendText(HttpClient https, HttpRequest.Builder request, int status) throws Exception {
        HttpResponse<String> response = https.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), response::body);
        return response.body();
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("failed: " + command);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}

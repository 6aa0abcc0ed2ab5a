package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.DistributionKeycloak;
import dev.claimschallenge.keycloak.it.support.ItConfig;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.util.JsonSerialization;

/**
 * The production-mode path of docs/installation.md, as a reader runs it: the section's bash block
 * (copy the jar, {@code cd "$KC_HOME"}, {@code kc.sh build --features=declarative-ui},
 * {@code bootstrap-admin}, {@code import --file "$REPO/realm-exports/..." --optimized}) and then the
 * block of its local try ({@code openssl} makes a certificate for {@code localhost}, {@code start
 * --optimized --hostname=https://localhost:8443}), in one bash started in an empty folder. Only
 * {@code KC_HOME}, {@code REPO} and the ports are replaced (the tests' ports are free ones). Then,
 * over https, trusting the {@code tls.crt} the doc made: the realm answers with its https issuer, the
 * admin exists and is temporary, the feature and the policy page survived the import, the imported
 * policy is there, a resource server reaches the extension's endpoint, and the doc's replacement of
 * the temporary admin works.
 */
@ExtendWith(KeycloakExtension.class)
class ProductionModeIT {

    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(4);
    private static final String DOC_KC_HOME = "KC_HOME=/opt/keycloak-26.7.3";
    private static final String DOC_REPO = "REPO=$HOME/keycloak-claims-challenge";
    private static final String DOC_LOCAL_HOSTNAME = "https://localhost:8443";

    @Test
    void theDocumentedProductionPathServesTheRealmAndItsPoliciesOverTls(KeycloakServer shared) throws Exception {
        Assumptions.assumeTrue(shared instanceof DistributionKeycloak, "needs an unpacked distribution (dist mode)");
        ItConfig.assumeInstalled(ItConfig.onPath("openssl"), "openssl is not installed: the documented local certificate cannot be made");
        Path target = ItConfig.logFile().toAbsolutePath().getParent();
        Path home = target.resolve("keycloak-production");
        copyDistribution(ItConfig.secondDistribution(), home);
        Path repo = ItConfig.realmFile().toAbsolutePath().normalize().getParent().getParent();
        Path reader = Files.createDirectories(target.resolve("production-reader")); // where the reader's terminal starts
        Path log = target.resolve("keycloak-production.log");
        Files.deleteIfExists(log);

        List<String> blocks = bashBlocks(repo.resolve("docs/installation.md"), "## Production mode, step by step");
        String steps = blocks.get(0);
        String localTry = blocks.get(1);
        assertTrue(steps.contains(DOC_KC_HOME + "\n") && steps.contains(DOC_REPO + "\n"), steps);
        assertTrue(steps.contains("# 4."), "step 4 starts with a real host's certificate: " + steps);
        assertTrue(localTry.contains("openssl req") && localTry.contains("--hostname=" + DOC_LOCAL_HOSTNAME)
                && localTry.contains("--https-certificate-key-file=tls.key"), localTry);
        Matcher password = Pattern.compile("export KC_ADMIN_PASSWORD='([^']+)'").matcher(steps);
        assertTrue(password.find(), steps);
        String adminPassword = password.group(1);

        int port = DistributionKeycloak.freePort();
        String base = "https://localhost:" + port;
        String script = "set -euo pipefail\n"
                + steps.substring(0, steps.indexOf("# 4.")) // steps 1 to 3; the local try is step 4
                        .replace(DOC_KC_HOME, "KC_HOME='" + home + "'").replace(DOC_REPO, "REPO='" + repo + "'")
                + localTry.replace(DOC_LOCAL_HOSTNAME, base).replace("bin/kc.sh start", "exec bin/kc.sh start")
                        .replace("--https-certificate-key-file=tls.key", "--https-certificate-key-file=tls.key --https-port=" + port
                                + " --http-management-port=" + DistributionKeycloak.freePort());
        Files.writeString(target.resolve("production-steps.sh"), script);
        Process server = bash(reader, log, script);
        try {
            Path certificate = home.resolve("tls.crt"); // openssl's -out, in $KC_HOME after the doc's cd
            Instant deadline = Instant.now().plus(STEP_TIMEOUT.multipliedBy(3));
            while (!Files.exists(certificate) || Files.size(certificate) == 0) {
                if (!server.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the documented steps stopped before the certificate:\n" + tail(log));
                }
                Thread.sleep(1000);
            }
            Thread.sleep(500); // openssl writes the file at once; let it finish
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(certificate)).connectTimeout(Duration.ofSeconds(5)).build();
            String realm = base + "/realms/" + KeycloakServer.REALM;
            Map<?, ?> discovery = awaitJson(https, realm + "/.well-known/openid-configuration", server, log);
            assertEquals(realm, discovery.get("issuer"), "the hostname option, not the request, names the issuer");

            String admin = token(https, base, "admin", adminPassword);
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

            replaceTheTemporaryAdmin(https, base, admin, adminPassword);
        } finally {
            server.descendants().forEach(ProcessHandle::destroy);
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly();
            }
        }
    }

    /**
     * "Replace the temporary admin" of docs/installation.md, its console steps through the admin REST
     * API the console calls: bootstrap-admin's user is marked temporary; a new user in master with
     * the realm role admin can log in and delete it; then only the new one can log in.
     */
    private static void replaceTheTemporaryAdmin(HttpClient https, String base, String admin, String adminPassword) throws Exception {
        String users = base + "/admin/realms/master/users";
        List<?> found = JsonSerialization.readValue(sendText(https, HttpRequest.newBuilder(URI.create(users + "?exact=true&username=admin"))
                .header("Authorization", "Bearer " + admin).GET(), 200), List.class);
        Map<?, ?> temporary = (Map<?, ?>) found.get(0);
        assertEquals(List.of("true"), ((Map<?, ?>) temporary.get("attributes")).get("is_temporary_admin"),
                "bootstrap-admin made a temporary admin: " + temporary);

        String operatorPassword = "operator-" + System.nanoTime();
        HttpResponse<String> created = https.send(HttpRequest.newBuilder(URI.create(users))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonSerialization.writeValueAsString(Map.of("username", "operator",
                        "enabled", true, "email", "operator@example.org", "firstName", "Op", "lastName", "Erator",
                        "credentials", List.of(Map.of("type", "password", "value", operatorPassword, "temporary", false))))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        String adminRole = sendText(https, HttpRequest.newBuilder(URI.create(base + "/admin/realms/master/roles/admin"))
                .header("Authorization", "Bearer " + admin).GET(), 200);
        sendText(https, HttpRequest.newBuilder(URI.create(location + "/role-mappings/realm")).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[" + adminRole + "]")), 204);

        String operator = token(https, base, "operator", operatorPassword);
        sendText(https, HttpRequest.newBuilder(URI.create(users + "/" + temporary.get("id"))).header("Authorization", "Bearer " + operator)
                .DELETE(), 204);
        HttpResponse<String> refused = https.send(HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username=admin&password="
                        + java.net.URLEncoder.encode(adminPassword, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(refused.statusCode() / 100 == 4 && refused.body().contains("invalid_grant"),
                "the temporary admin is gone: " + refused.statusCode() + " " + refused.body());
    }

    private static String token(HttpClient https, String base, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username=" + user + "&password="
                        + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8)));
        return (String) send(https, request, 200).get("access_token");
    }

    /** The bash blocks of a section of a Markdown file, in order. */
    static List<String> bashBlocks(Path markdown, String heading) throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        boolean inSection = false;
        for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
            if (block == null && line.startsWith("#")) {
                inSection = line.strip().equals(heading) || (inSection && !line.startsWith("## ") && line.startsWith("###"));
            } else if (inSection && block == null && line.strip().equals("```bash")) {
                block = new StringBuilder();
            } else if (block != null && line.strip().equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        assertTrue(blocks.size() >= 2, "no steps and local try in " + heading + " of " + markdown);
        return blocks;
    }

    /** An SSL context that trusts one PEM certificate, as a client told to trust tls.crt does. */
    private static SSLContext trusting(Path pem) throws Exception {
        Certificate certificate;
        try (InputStream in = Files.newInputStream(pem)) {
            certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("local-try", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
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

    /** The documented commands in one bash, started in {@code dir}, its output appended to {@code log}. */
    private static Process bash(Path dir, Path log, String script) throws IOException {
        Files.writeString(log, "\n--- the documented steps ---\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("KC_BOOTSTRAP_ADMIN_USERNAME");
        builder.environment().remove("KC_BOOTSTRAP_ADMIN_PASSWORD");
        builder.environment().remove("KC_ADMIN_PASSWORD");
        return builder.start();
    }

    private static Map<?, ?> awaitJson(HttpClient https, String url, Process server, Path log) throws Exception {
        Instant deadline = Instant.now().plus(ItConfig.startupTimeout()).plus(STEP_TIMEOUT);
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

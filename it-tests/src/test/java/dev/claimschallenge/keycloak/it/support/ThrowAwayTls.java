package dev.claimschallenge.keycloak.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code 127.0.0.1}/{@code localhost}, made with the JDK's keytool
 * when the test Keycloak starts (nothing committed, nothing downloaded): Keycloak serves https with
 * it, and clients that need an https authority (MSAL) trust it through its PEM file.
 */
public record ThrowAwayTls(Path keyStore, String password, Path certificatePem, int httpsPort) {

    private static final String ALIAS = "keycloak";
    private static final String KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

    /** Creates (or re-creates) the key store and the PEM in {@code dir}, for https on {@code httpsPort}. */
    public static ThrowAwayTls create(Path dir, int httpsPort) {
        ThrowAwayTls tls = new ThrowAwayTls(dir.resolve("keycloak-tls.p12"), "throw-away-" + System.nanoTime(),
                dir.resolve("keycloak-tls.pem"), httpsPort);
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(tls.keyStore);
            Files.deleteIfExists(tls.certificatePem);
            Processes.run(dir, List.of(KEYTOOL, "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048",
                    "-validity", "2", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost",
                    "-storetype", "PKCS12", "-keystore", tls.keyStore.toString(), "-storepass", tls.password));
            Processes.run(dir, List.of(KEYTOOL, "-exportcert", "-rfc", "-alias", ALIAS, "-keystore", tls.keyStore.toString(),
                    "-storepass", tls.password, "-file", tls.certificatePem.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tls;
    }

    /** The https base URL of a server started with {@link #keycloakOptions()}. */
    public String baseUrl() {
        return "https://127.0.0.1:" + httpsPort;
    }

    /** The server options that make Keycloak also listen for https on {@code httpsPort}. */
    public List<String> keycloakOptions() {
        // the management interface (health checks) would otherwise switch to https as well
        return List.of("--https-port=" + httpsPort, "--https-key-store-file=" + keyStore,
                "--https-key-store-password=" + password, "--http-management-scheme=http");
    }

    /** An SSL context that trusts this certificate (for the JDK's HttpClient). */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(KeyStore.getInstance(keyStore.toFile(), password.toCharArray()));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

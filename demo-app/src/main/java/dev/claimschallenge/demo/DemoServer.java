package dev.claimschallenge.demo;

import java.net.InetAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo: on one loopback port, an API ({@code GET /api/orders}) on Spring Boot, protected with
 * this build's Spring Security library (every token judged locally, with the engine Keycloak's
 * evaluate runs, against the policy document the library fetched), and a browser page ({@code /})
 * that logs in with a public client, calls the API, shows the challenge decoded and re-authorizes
 * with it. Its sensitive operation ({@code DELETE /api/orders/{id}}) also needs authentication
 * context {@value #SENSITIVE_CONTEXT} (the example realm's "strong and recent": acr gold within 5
 * minutes), so the API's policy must list that context: the library refuses to start otherwise.
 */
public final class DemoServer implements AutoCloseable {

    /** The authentication context deleting an order needs (docs/contexts.md). */
    public static final String SENSITIVE_CONTEXT = "c1";

    /** Where the demo runs and which clients it uses. */
    public record Config(String keycloakUrl, String realm, String pageClientId, String apiClientId, String apiSecret, int port) {

        /** From system properties, defaulting to the example realm and ./demo.sh's Keycloak. */
        public static Config fromSystemProperties() {
            return new Config(System.getProperty("demo.keycloak", "http://localhost:8080"),
                    System.getProperty("demo.realm", "claims-demo"),
                    System.getProperty("demo.page-client", "demo-spa"),
                    System.getProperty("demo.api-client", "demo-api"),
                    System.getProperty("demo.api-secret", "demo-api-secret"),
                    Integer.getInteger("demo.port", 8081));
        }

        String realmUrl() {
            return keycloakUrl + "/realms/" + realm;
        }
    }

    private final ConfigurableApplicationContext context;

    /** Starts the demo (Spring Boot, embedded Tomcat); {@code port} 0 picks a free one. */
    public DemoServer(Config config) {
        Map<String, Object> properties = new LinkedHashMap<>();
        // the library: where Keycloak is and who the API is there (docs/spring-security.md)
        properties.put("claims-challenge.issuer-uri", config.realmUrl());
        properties.put("claims-challenge.client-id", config.apiClientId());
        properties.put("claims-challenge.client-secret", config.apiSecret());
        properties.put("server.port", config.port());
        // as before on the JDK's server: reachable from this machine only
        properties.put("server.address", InetAddress.getLoopbackAddress().getHostAddress());
        properties.put("spring.web.resources.static-locations", "classpath:/demo-page/");
        properties.put("spring.main.banner-mode", Banner.Mode.OFF.name());
        context = new SpringApplicationBuilder(DemoApplication.class).properties(properties)
                .initializers(app -> app.getBeanFactory().registerSingleton("demoConfig", config))
                .run();
    }

    public static void main(String[] args) {
        DemoServer server = new DemoServer(Config.fromSystemProperties());
        System.out.println("Demo page: " + server.pageUrl() + "  (API: " + server.apiUrl() + ")");
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** localhost, not 127.0.0.1: the example realm's redirect URIs and web origins name it. */
    public URI pageUrl() {
        return URI.create("http://localhost:" + port() + "/");
    }

    public URI apiUrl() {
        return URI.create("http://localhost:" + port() + "/api/orders");
    }

    /** Requests to the API so far, answered or refused. */
    public int apiRequests() {
        return context.getBean(ApiAnswers.class).requests();
    }

    @Override
    public void close() {
        context.close();
    }
}

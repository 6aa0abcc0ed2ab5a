package dev.claimschallenge.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.keycloak.util.JsonSerialization;

/**
 * The demo: on one loopback port, an API ({@code GET /api/orders}) that asks Keycloak's evaluate
 * endpoint about every bearer token (as its own client) and answers 401 with Keycloak's
 * challenge, and a browser page ({@code /}) that logs in with a public client, calls the API,
 * shows the challenge decoded and re-authorizes with it. Its sensitive operation
 * ({@code DELETE /api/orders/{id}}) also needs authentication context {@value #SENSITIVE_CONTEXT}
 * (the example realm's "strong and recent": acr gold within 5 minutes), which evaluate judges
 * when named. JDK HTTP server, no framework.
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

    private final Config config;
    private final HttpServer http;
    private final HttpClient keycloak = HttpClient.newHttpClient();
    private final AtomicInteger apiRequests = new AtomicInteger();

    public DemoServer(Config config) throws IOException {
        this.config = config;
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 0);
        http.createContext("/api/orders", this::orders);
        http.createContext("/config", this::pageConfig);
        http.createContext("/", this::staticFile);
        http.start();
    }

    public static void main(String[] args) throws IOException {
        DemoServer server = new DemoServer(Config.fromSystemProperties());
        System.out.println("Demo page: " + server.pageUrl() + "  (API: " + server.apiUrl() + ")");
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** localhost, not 127.0.0.1: the example realm's redirect URIs and web origins name it. */
    public URI pageUrl() {
        return URI.create("http://localhost:" + port() + "/");
    }

    public URI apiUrl() {
        return URI.create("http://localhost:" + port() + "/api/orders");
    }

    public int apiRequests() {
        return apiRequests.get();
    }

    private void orders(HttpExchange exchange) throws IOException {
        apiRequests.incrementAndGet();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            Map<?, ?> policy = callKeycloak(HttpRequest.newBuilder(URI.create(config.realmUrl() + "/claims-challenge/policy")).GET());
            reply(exchange, 401, (String) policy.get("www_authenticate"), Map.of("error", "no token"));
            return;
        }
        String form = "token=" + URLEncoder.encode(authorization.substring("Bearer ".length()), StandardCharsets.UTF_8);
        String order = exchange.getRequestURI().getPath().replaceFirst("^/api/orders/?", "");
        boolean delete = "DELETE".equals(exchange.getRequestMethod()) && order.matches("[0-9]+");
        if (delete) {
            // the sensitive operation: the policy plus authentication context c1
            form += "&context=" + SENSITIVE_CONTEXT;
        }
        Map<?, ?> answer = callKeycloak(HttpRequest.newBuilder(URI.create(config.realmUrl() + "/claims-challenge/evaluate"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (Boolean.TRUE.equals(answer.get("active")) && Boolean.TRUE.equals(answer.get("satisfied"))) {
            reply(exchange, 200, null, delete ? Map.of("deleted", Integer.valueOf(order))
                    : Map.of("orders", java.util.List.of(Map.of("id", 1, "item", "keyboard"))));
        } else {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", delete ? "the token does not satisfy this API's policy and context " + SENSITIVE_CONTEXT
                    : "the token does not satisfy this API's policy");
            body.put("missing", answer.get("missing"));
            reply(exchange, 401, (String) answer.get("www_authenticate"), body);
        }
    }

    private Map<?, ?> callKeycloak(HttpRequest.Builder request) throws IOException {
        String basic = config.apiClientId() + ":" + config.apiSecret();
        request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        try {
            HttpResponse<String> response = keycloak.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return JsonSerialization.readValue(response.body(), Map.class);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private void pageConfig(HttpExchange exchange) throws IOException {
        reply(exchange, 200, null, Map.of("realmUrl", config.realmUrl(), "clientId", config.pageClientId(),
                "redirectUri", pageUrl().toString(), "api", "/api/orders"));
    }

    private void staticFile(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String name = "/".equals(path) ? "index.html" : path.substring(1);
        if (!name.matches("[a-z]+\\.(html|js|css)")) {
            reply(exchange, 404, null, Map.of("error", "not found"));
            return;
        }
        try (InputStream in = DemoServer.class.getResourceAsStream("/demo-page/" + name)) {
            if (in == null) {
                reply(exchange, 404, null, Map.of("error", "not found"));
                return;
            }
            byte[] body = in.readAllBytes();
            String type = name.endsWith(".html") ? "text/html" : name.endsWith(".js") ? "text/javascript" : "text/css";
            exchange.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }
    }

    private static void reply(HttpExchange exchange, int status, String challenge, Object json) throws IOException {
        if (challenge != null) {
            exchange.getResponseHeaders().add("WWW-Authenticate", challenge);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] body = JsonSerialization.writeValueAsBytes(json);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}

package dev.claimschallenge.keycloak.it.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small API (resource server) on the JDK's HTTP server, no framework: {@code GET /orders}
 * needs a bearer token that satisfies the API client's policy. It asks Keycloak's evaluate
 * endpoint, authenticated as its own client, and answers 401 with the challenge Keycloak built.
 */
public final class DemoApi implements AutoCloseable {

    private final HttpServer http;
    private final OidcClient self;
    private final String noTokenChallenge;
    private final AtomicInteger requests = new AtomicInteger();

    public DemoApi(KeycloakServer keycloak, String clientId, String secret) {
        this.self = new OidcClient(keycloak, clientId, secret, null);
        Tokens policy = self.get("/claims-challenge/policy");
        if (policy.status() != 200) {
            throw new IllegalStateException("cannot read the API's policy: " + policy.json());
        }
        this.noTokenChallenge = (String) policy.json().get("www_authenticate");
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/orders", this::orders);
        http.start();
    }

    public URI ordersUri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/orders");
    }

    /** How many requests reached the API: a client must not loop. */
    public int requests() {
        return requests.get();
    }

    private void orders(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            reply(exchange, 401, noTokenChallenge, "{\"error\":\"no token\"}");
            return;
        }
        Map<String, Object> answer = self.postJson("/claims-challenge/evaluate",
                Map.of("token", authorization.substring("Bearer ".length()))).json();
        if (Boolean.TRUE.equals(answer.get("active")) && Boolean.TRUE.equals(answer.get("satisfied"))) {
            reply(exchange, 200, null, "{\"orders\":[{\"id\":1,\"item\":\"keyboard\"}]}");
        } else {
            reply(exchange, 401, (String) answer.get("www_authenticate"), "{\"error\":\"token does not satisfy the policy\"}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String challenge, String json) throws IOException {
        if (challenge != null) {
            exchange.getResponseHeaders().add("WWW-Authenticate", challenge);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}

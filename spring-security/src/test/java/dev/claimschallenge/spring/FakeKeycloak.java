package dev.claimschallenge.spring;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keycloak's policy endpoint as the library sees it (status, body, ETag, 304 on If-None-Match),
 * on a loopback port: the tests need no Keycloak.
 */
final class FakeKeycloak implements AutoCloseable {

    static final String REALM = "demo";
    static final String NO_TOKEN = "Bearer realm=\"demo\", authorization_uri=\"http://kc/realms/demo/protocol/openid-connect/auth\"";

    /** What the requests carried: one line each, "Authorization | If-None-Match". */
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile int status = 200;
    private volatile String body = document("[]");
    private volatile String etag = "\"v1\"";

    FakeKeycloak() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/realms/" + REALM + "/claims-challenge/policy", exchange -> {
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            requests.add(exchange.getRequestHeaders().getFirst("Authorization") + " | " + ifNoneMatch);
            exchange.getResponseHeaders().add("ETag", etag);
            if (status == 200 && etag.equals(ifNoneMatch)) {
                exchange.sendResponseHeaders(304, -1);
            } else {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
            exchange.close();
        });
        server.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/" + REALM;
    }

    /** A document as issue 25's provider writes it, with these contexts (a JSON array). */
    static String document(String contexts) {
        return """
                {"client_id":"notes-api","policy":{"client_id":"notes-api","required_claims":[{"name":"email_verified","values":[true]}],\
                "mode":"advertise","contexts":["c1"]},"contexts":%s,"www_authenticate":%s,"issuer":"http://kc/realms/demo",\
                "realm":"demo","authorization_uri":"http://kc/realms/demo/protocol/openid-connect/auth",\
                "acr_loa_map":{"silver":1,"gold":2},"realm_acr_loa_map":{"silver":1,"gold":2},"client_acr_loa_maps":{"relabel":{"gold":1}}}"""
                .formatted(contexts, "\"" + NO_TOKEN.replace("\"", "\\\"") + "\"");
    }

    static final String C1 = "[{\"id\":\"c1\",\"acr_values\":[\"gold\"],\"max_age\":300}]";

    void answer(int newStatus, String newBody, String newEtag) {
        status = newStatus;
        body = newBody;
        etag = newEtag;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

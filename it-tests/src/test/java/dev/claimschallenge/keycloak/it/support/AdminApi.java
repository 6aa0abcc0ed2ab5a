package dev.claimschallenge.keycloak.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.keycloak.util.JsonSerialization;

/** Keycloak's admin REST API as the bootstrap admin, JSON in and out. */
public final class AdminApi {

    private final KeycloakServer server;
    private final Browser http = new Browser();
    private String accessToken;
    private long tokenTime;

    public AdminApi(KeycloakServer server) {
        this.server = server;
    }

    /** GET {@code /admin/...}, expecting 200, read as {@code type}. */
    public <T> T get(String path, Class<T> type) {
        HttpResponse<String> response = send("GET", path, null);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return read(response.body(), type);
    }

    /** Any call under {@code /admin}; {@code body} is serialized with Keycloak's JSON mapper. */
    public HttpResponse<String> send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin" + path))
                    .header("Authorization", "Bearer " + token())
                    .header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(
                                body instanceof String s ? s : JsonSerialization.writeValueAsString(body)));
            }
            return http.send(request);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return JsonSerialization.readValue(json, type);
        } catch (IOException e) {
            throw new AssertionError("invalid JSON: " + json, e);
        }
    }

    /** Master-realm admin tokens live 60 s: fetch a new one when ours is 30 s old. */
    private synchronized String token() {
        if (accessToken == null || System.nanoTime() - tokenTime > 30_000_000_000L) {
            String form = Browser.formEncode(Map.of("grant_type", "password", "client_id", "admin-cli",
                    "username", ItConfig.ADMIN_USER, "password", ItConfig.ADMIN_PASSWORD));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(server.baseUrl() + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            if (response.statusCode() != 200) {
                throw new AssertionError("admin login failed: " + response.body());
            }
            accessToken = (String) read(response.body(), Map.class).get("access_token");
            tokenTime = System.nanoTime();
        }
        return accessToken;
    }
}

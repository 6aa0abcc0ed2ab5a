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

    private final String fixedToken;

    public AdminApi(KeycloakServer server) {
        this(server, null);
    }

    private AdminApi(KeycloakServer server, String fixedToken) {
        this.server = server;
        this.fixedToken = fixedToken;
    }

    /** The same API called with someone else's access token ({@code null}: no Authorization header). */
    public static AdminApi withToken(KeycloakServer server, String accessToken) {
        return new AdminApi(server, accessToken == null ? "" : accessToken);
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
                    .header("Accept", "application/json");
            String token = fixedToken != null ? fixedToken : token();
            if (!token.isEmpty()) {
                request.header("Authorization", "Bearer " + token);
            }
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

    /** Gives a user of the example realm roles of its realm-management client (view-clients, manage-clients, ...). */
    @SuppressWarnings("unchecked")
    public void grantRealmManagementRoles(String userId, String... roles) {
        String realm = "/realms/" + KeycloakServer.REALM;
        Map<String, Object> management = get(realm + "/clients?clientId=realm-management", Map[].class)[0];
        java.util.List<Object> reps = new java.util.ArrayList<>();
        for (String role : roles) {
            reps.add(get(realm + "/clients/" + management.get("id") + "/roles/" + role, Map.class));
        }
        HttpResponse<String> response = send("POST", realm + "/users/" + userId + "/role-mappings/clients/" + management.get("id"), reps);
        if (response.statusCode() != 204) {
            throw new AssertionError("granting " + java.util.Arrays.toString(roles) + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Creates an enabled user of the example realm with a password; returns its id. */
    public String createUser(String username, String password) {
        Map<String, Object> user = Map.of("username", username, "enabled", true, "email", username + "@example.org",
                "emailVerified", true, "firstName", username, "lastName", "Test",
                "credentials", java.util.List.of(Map.of("type", "password", "value", password, "temporary", false)));
        HttpResponse<String> response = send("POST", "/realms/" + KeycloakServer.REALM + "/users", user);
        if (response.statusCode() != 201) {
            throw new AssertionError("creating user " + username + " answered " + response.statusCode() + ": " + response.body());
        }
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /**
     * Creates a client in the example realm like demo-spa (public, PKCE, tos_version mapper, demo-api
     * audience) with extra {@code attributes}; returns its clientId.
     */
    @SuppressWarnings("unchecked")
    public String createSpaLikeClient(String clientId, Map<String, String> attributes) {
        String realm = "/realms/" + KeycloakServer.REALM;
        Map<String, Object> spa = ((java.util.List<Map<String, Object>>) (java.util.List<?>) java.util.Arrays.asList(
                get(realm + "/clients?clientId=demo-spa", Map[].class))).get(0);
        Map<String, Object> client = new java.util.HashMap<>(spa);
        client.remove("id");
        client.put("clientId", clientId);
        java.util.List<Map<String, Object>> mappers = new java.util.ArrayList<>();
        for (Map<String, Object> mapper : (java.util.List<Map<String, Object>>) spa.getOrDefault("protocolMappers", java.util.List.of())) {
            Map<String, Object> copy = new java.util.HashMap<>(mapper);
            copy.remove("id");
            Map<String, Object> config = new java.util.HashMap<>((Map<String, Object>) copy.get("config"));
            config.put("lightweight.claim", "true");
            copy.put("config", config);
            mappers.add(copy);
        }
        client.put("protocolMappers", mappers);
        Map<String, Object> merged = new java.util.HashMap<>((Map<String, Object>) spa.getOrDefault("attributes", Map.of()));
        merged.putAll(attributes);
        client.put("attributes", merged);
        HttpResponse<String> response = send("POST", realm + "/clients", client);
        if (response.statusCode() != 201) {
            throw new AssertionError("creating client " + clientId + " answered " + response.statusCode() + ": " + response.body());
        }
        return clientId;
    }

    /** Changes top-level fields of a client of the example realm (e.g. redirectUris). */
    @SuppressWarnings("unchecked")
    public void updateClient(String clientId, Map<String, Object> fields) {
        String realm = "/realms/" + KeycloakServer.REALM;
        Map<String, Object> client = new java.util.HashMap<>(get(realm + "/clients?clientId=" + clientId, Map[].class)[0]);
        client.putAll(fields);
        HttpResponse<String> response = send("PUT", realm + "/clients/" + client.get("id"), client);
        if (response.statusCode() != 204) {
            throw new AssertionError("updating " + clientId + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Adds a protocol mapper (admin representation) to a client of the example realm. */
    @SuppressWarnings("unchecked")
    public void addProtocolMapper(String clientId, Map<String, Object> mapper) {
        String realm = "/realms/" + KeycloakServer.REALM;
        Map<String, Object>[] clients = get(realm + "/clients?clientId=" + clientId, Map[].class);
        HttpResponse<String> response = send("POST", realm + "/clients/" + clients[0].get("id") + "/protocol-mappers/models", mapper);
        if (response.statusCode() != 201) {
            throw new AssertionError("adding mapper to " + clientId + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Sets (or, with {@code null}, removes) an attribute of the example realm. */
    @SuppressWarnings("unchecked")
    public void setRealmAttribute(String name, String value) {
        String path = "/realms/" + KeycloakServer.REALM;
        Map<String, Object> realm = get(path, Map.class);
        Map<String, Object> attributes = new java.util.HashMap<>((Map<String, Object>) realm.getOrDefault("attributes", Map.of()));
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
        HttpResponse<String> response = send("PUT", path, Map.of("attributes", attributes));
        if (response.statusCode() != 204) {
            throw new AssertionError("updating realm attribute " + name + " answered " + response.statusCode() + ": " + response.body());
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

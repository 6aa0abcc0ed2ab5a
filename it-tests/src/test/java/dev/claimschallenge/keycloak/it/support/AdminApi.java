package dev.claimschallenge.keycloak.it.support;

import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * Keycloak's admin REST API as the bootstrap admin: typed through keycloak-admin-client
 * ({@link #realm()}), and raw JSON ({@link #send}) for the extension's own policy API and for
 * answers a test checks byte for byte, with the admin client's token.
 */
public record AdminApi(KeycloakServer server, Keycloak keycloak, String fixedToken) {

    /** One admin client (and its token) per server. */
    private static final Map<KeycloakServer, Keycloak> CLIENTS = new ConcurrentHashMap<>();

    /** The bootstrap admin; {@link #keycloak()} is the whole admin API, typed (keycloak-admin-client). */
    public AdminApi(KeycloakServer server) {
        this(server, CLIENTS.computeIfAbsent(server, s -> Keycloak.getInstance(s.baseUrl(), "master",
                ItConfig.ADMIN_USER, ItConfig.ADMIN_PASSWORD, "admin-cli")), null);
    }

    /** The same raw API called with someone else's access token ({@code null}: no Authorization header). */
    public static AdminApi withToken(KeycloakServer server, String accessToken) {
        return new AdminApi(server, null, accessToken == null ? "" : accessToken);
    }

    /** The example realm, typed. */
    public RealmResource realm() {
        return keycloak.realm(KeycloakServer.REALM);
    }

    /** The ids of the one-time code (OTP) credentials of a user of the example realm. */
    public List<String> otpCredentials(String username) {
        UserRepresentation user = realm().users().search(username, true).get(0);
        return realm().users().get(user.getId()).credentials().stream().filter(c -> "otp".equals(c.getType()))
                .map(c -> c.getId()).toList();
    }

    /** Removes a user's one-time codes: what a test enrolled would change what later tests of the server see. */
    public void removeOtp(String username) {
        UserRepresentation user = realm().users().search(username, true).get(0);
        otpCredentials(username).forEach(id -> realm().users().get(user.getId()).removeCredential(id));
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
                    .header("Accept", "application/json").header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(
                            body instanceof String s ? s : JsonSerialization.writeValueAsString(body)));
            String token = fixedToken != null ? fixedToken : keycloak.tokenManager().getAccessTokenString();
            return new Browser().send(token.isEmpty() ? request : request.header("Authorization", "Bearer " + token));
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

    /** Creates an enabled user of the example realm with a password; returns its id. */
    public String createUser(String username, String password) {
        UserRepresentation user = JsonSerialization.mapper.convertValue(Map.of("username", username, "enabled", true,
                "email", username + "@example.org", "emailVerified", true, "firstName", username, "lastName", "Test",
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))), UserRepresentation.class);
        return created(realm().users().create(user));
    }

    /** Gives a user of the example realm roles of its realm-management client (view-clients, manage-clients, ...). */
    public void grantRealmManagementRoles(String userId, String... roles) {
        ClientResource management = client("realm-management");
        realm().users().get(userId).roles().clientLevel(management.toRepresentation().getId()).add(
                Arrays.stream(roles).map(role -> management.roles().get(role).toRepresentation()).toList());
    }

    /**
     * Creates a client in the example realm like demo-spa (public, PKCE, tos_version mapper, demo-api
     * audience; its mappers also in lightweight tokens) with extra {@code attributes}; returns its clientId.
     */
    public String createSpaLikeClient(String clientId, Map<String, String> attributes) {
        ClientRepresentation client = client("demo-spa").toRepresentation();
        client.setId(null);
        client.setClientId(clientId);
        for (ProtocolMapperRepresentation mapper : client.getProtocolMappers()) {
            mapper.setId(null);
            mapper.getConfig().put("lightweight.claim", "true");
        }
        client.getAttributes().putAll(attributes);
        created(realm().clients().create(client));
        return clientId;
    }

    /** Changes a client of the example realm: {@code change} edits its current representation. */
    public void updateClient(String clientId, Consumer<ClientRepresentation> change) {
        ClientResource client = client(clientId);
        ClientRepresentation representation = client.toRepresentation();
        change.accept(representation);
        client.update(representation);
    }

    /** Adds a protocol mapper (admin representation) to a client of the example realm. */
    public void addProtocolMapper(String clientId, Map<String, Object> mapper) {
        created(client(clientId).getProtocolMappers().createMapper(
                JsonSerialization.mapper.convertValue(mapper, ProtocolMapperRepresentation.class)));
    }

    /** Sets (or, with {@code null}, removes) an attribute of the example realm. */
    public void setRealmAttribute(String name, String value) {
        Map<String, String> attributes = new HashMap<>(realm().toRepresentation().getAttributesOrEmpty());
        attributes.compute(name, (key, old) -> value);
        RealmRepresentation change = new RealmRepresentation();
        change.setAttributes(attributes);
        realm().update(change);
    }

    /** Creates a client of the example realm from its admin representation's fields; returns its id. */
    public String createClient(Map<String, Object> fields) {
        return created(realm().clients().create(JsonSerialization.mapper.convertValue(fields, ClientRepresentation.class)));
    }

    /** A client of the example realm by its clientId. */
    public ClientResource client(String clientId) {
        return realm().clients().get(realm().clients().findByClientId(clientId).get(0).getId());
    }

    /** The id of what a create call made; fails the test with Keycloak's answer otherwise. */
    public static String created(Response response) {
        try (response) {
            return CreatedResponseUtil.getCreatedId(response);
        }
    }
}

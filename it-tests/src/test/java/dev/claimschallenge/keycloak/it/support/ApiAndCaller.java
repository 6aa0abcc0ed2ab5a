package dev.claimschallenge.keycloak.it.support;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * A fresh API client (resource server, with a {@code department} user-attribute mapper on its
 * own client) and a fresh web client whose tokens carry the API in {@code aud}: what a test needs
 * to give the API a policy of its own without touching the example realm's clients.
 */
public record ApiAndCaller(String api, String apiSecret, String web) {

    public static ApiAndCaller create(AdminApi admin) {
        String api = "orders-api-" + System.nanoTime();
        admin.createClient(Map.of("clientId", api, "publicClient", false,
                "secret", "api-secret", "standardFlowEnabled", false, "directAccessGrantsEnabled", false,
                "protocolMappers", List.of(mapper("department", "oidc-usermodel-attribute-mapper", Map.of("user.attribute",
                        "department", "claim.name", "department", "jsonType.label", "String", "id.token.claim", "false")))));
        String web = admin.createSpaLikeClient("orders-web-" + System.nanoTime(), Map.of());
        admin.addProtocolMapper(web, mapper("orders audience", "oidc-audience-mapper", Map.of("included.client.audience", api)));
        return new ApiAndCaller(api, "api-secret", web);
    }

    private static Map<String, Object> mapper(String name, String type, Map<String, String> config) {
        Map<String, String> all = new java.util.HashMap<>(config);
        all.putAll(Map.of("access.token.claim", "true", "introspection.token.claim", "true"));
        return Map.of("name", name, "protocol", "openid-connect", "protocolMapper", type, "config", all);
    }

    /** Gives the API a policy (the extension's admin REST API); {@code fields} are the JSON members after client_id. */
    public void policy(AdminApi admin, String fields) {
        HttpResponse<String> response = admin.send("POST", "/realms/" + KeycloakServer.REALM + "/claims-challenge-policies",
                "{\"client_id\":\"" + api + "\"," + fields + "}");
        if (response.statusCode() != 201) {
            throw new AssertionError("policy for " + api + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    public OidcClient webClient(KeycloakServer server) {
        return new OidcClient(server, web, null, OidcClient.DEFAULT_REDIRECT_URI);
    }
}

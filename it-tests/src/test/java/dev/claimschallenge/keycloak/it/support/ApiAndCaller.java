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
        String secret = "api-secret";
        HttpResponse<String> created = admin.send("POST", "/realms/" + KeycloakServer.REALM + "/clients", Map.of("clientId", api,
                "publicClient", false, "secret", secret, "standardFlowEnabled", false, "directAccessGrantsEnabled", false,
                "protocolMappers", List.of(Map.of("name", "department", "protocol", "openid-connect",
                        "protocolMapper", "oidc-usermodel-attribute-mapper",
                        "config", Map.of("user.attribute", "department", "claim.name", "department", "jsonType.label", "String",
                                "access.token.claim", "true", "id.token.claim", "false", "introspection.token.claim", "true")))));
        if (created.statusCode() != 201) {
            throw new AssertionError("creating " + api + " answered " + created.statusCode() + ": " + created.body());
        }
        String web = admin.createSpaLikeClient("orders-web-" + System.nanoTime(), Map.of());
        admin.addProtocolMapper(web, Map.of("name", "orders audience", "protocol", "openid-connect",
                "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.client.audience", api, "access.token.claim", "true", "introspection.token.claim", "true")));
        return new ApiAndCaller(api, secret, web);
    }

    /** Gives the API a policy (admin REST API); {@code fields} are the JSON members after client_id. */
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

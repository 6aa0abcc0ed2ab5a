package dev.claimschallenge.keycloak.it.bench;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's clients in the example realm, made through Keycloak's admin REST API: public
 * clients like the example's single-page app (same default scopes, the demo-api audience where
 * the API must see the token), which differ only in their hardcoded-claim mappers.
 */
final class BenchRealm {

    static final String REALM = "claims-demo";
    /** The 5 mappers release c1..c5 to the ID token and userinfo only: the claims come on request. */
    static final String REQUESTED = "bench-requested";
    /** The same 5 mappers, also in the access token: what an operator configures without the extension. */
    static final String STATIC = "bench-static";
    /** Like {@link #REQUESTED} with twenty such mappers, c1..c20: a grant asks for five of them. */
    static final String REQUESTED_OF_TWENTY = "bench-requested-20";
    /** The twenty mappers of {@link #REQUESTED_OF_TWENTY}, all in the access token: every claim any API might need, on every token. */
    static final String STATIC_TWENTY = "bench-static-20";
    /** No mappers of its own and no audience, so no policy governs its tokens. */
    static final String PLAIN = "bench-plain";

    private static final String ENABLED = "claims-challenge.enabled";

    private final BenchHttp http;

    BenchRealm(BenchHttp http) {
        this.http = http;
    }

    void setUp() throws Exception {
        String token = http.adminToken();
        create(token, REQUESTED, 5, false);
        create(token, STATIC, 5, true);
        create(token, REQUESTED_OF_TWENTY, 20, false);
        create(token, STATIC_TWENTY, 20, true);
        create(token, PLAIN, 0, false);
    }

    /** Sets the realm switch (between measurements, never while requests run): admin REST, as an operator would. */
    @SuppressWarnings("unchecked")
    void enable(boolean on) throws Exception {
        String token = http.adminToken();
        Map<String, Object> realm = BenchHttp.json(http.admin("GET", "/" + REALM, token, null), 200);
        Map<String, Object> attributes = new HashMap<>((Map<String, Object>) realm.getOrDefault("attributes", Map.of()));
        attributes.put(ENABLED, String.valueOf(on));
        realm.put("attributes", attributes);
        HttpResponse<String> response = http.admin("PUT", "/" + REALM, token, realm);
        if (response.statusCode() != 204) {
            throw new AssertionError("updating the realm answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** {@code claims} hardcoded-claim mappers c1..c{claims} and the demo-api audience; no mappers and no audience for 0. */
    private void create(String token, String clientId, int claims, boolean inAccessToken) throws Exception {
        List<Map<String, Object>> mappers = new ArrayList<>();
        if (claims > 0) {
            mappers.add(Map.of("name", "demo-api audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                    "config", Map.of("included.client.audience", BenchHttp.API, "access.token.claim", "true",
                            "introspection.token.claim", "true", "id.token.claim", "false")));
            for (int i = 1; i <= claims; i++) {
                mappers.add(Map.of("name", "c" + i, "protocol", "openid-connect", "protocolMapper", "oidc-hardcoded-claim-mapper",
                        "config", Map.of("claim.name", "c" + i, "claim.value", "v" + i, "jsonType.label", "String",
                                "id.token.claim", "true", "userinfo.token.claim", "true",
                                "access.token.claim", String.valueOf(inAccessToken), "introspection.token.claim", String.valueOf(inAccessToken))));
            }
        }
        Map<String, Object> client = new HashMap<>();
        client.put("clientId", clientId);
        client.put("protocol", "openid-connect");
        client.put("publicClient", true);
        client.put("standardFlowEnabled", true);
        client.put("directAccessGrantsEnabled", false);
        client.put("redirectUris", List.of(BenchHttp.REDIRECT_URI));
        client.put("webOrigins", List.of("+"));
        client.put("attributes", Map.of("pkce.code.challenge.method", "S256"));
        client.put("defaultClientScopes", List.of("web-origins", "acr", "basic", "profile", "roles", "email"));
        client.put("protocolMappers", mappers);
        HttpResponse<String> response = http.admin("POST", "/" + REALM + "/clients", token, client);
        if (response.statusCode() != 201) {
            throw new AssertionError("creating client " + clientId + " answered " + response.statusCode() + ": " + response.body());
        }
    }

}

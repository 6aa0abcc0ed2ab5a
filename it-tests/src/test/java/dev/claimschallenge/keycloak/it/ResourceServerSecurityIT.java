package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The resource-server endpoints make the checks Keycloak's own introspection endpoint makes, with
 * its answers, and judge only access tokens. Each check is compared with stock introspection
 * ({@code /protocol/openid-connect/token/introspect}) on the same server. Realm settings are
 * changed only in throw-away realms, never in the shared example realm.
 */
@ExtendWith(KeycloakExtension.class)
class ResourceServerSecurityIT {

    private static final String EVALUATE = "/claims-challenge/evaluate";
    private static final String INTROSPECT = "/protocol/openid-connect/token/introspect";

    /** One HTTP answer: status, JSON body, the challenge header if any. */
    record Answer(int status, Map<String, Object> json, Optional<String> challenge) {
    }

    @Test
    void aDisabledRealmAnswersAsIntrospectionDoes(KeycloakServer server) {
        try (ThrowawayRealm realm = new ThrowawayRealm(server)) {
            String token = realm.passwordGrant(null).accessTokenJwt();
            assertEquals(true, realm.post(EVALUATE, "rs", "token=" + token).json().get("active"), "active before the realm is disabled");

            realm.update(Map.of("enabled", false));

            Answer introspected = realm.post(INTROSPECT, "rs", "token=" + token);
            Answer evaluated = realm.post(EVALUATE, "rs", "token=" + token);
            assertEquals(403, introspected.status(), introspected.toString());
            assertEquals(Map.of("error", "access_denied", "error_description", "Realm not enabled"), introspected.json());
            assertSameAnswer(introspected, evaluated);
            assertSameAnswer(introspected, realm.get("/claims-challenge/policy", "rs"));
        }
    }

    @Test
    void httpsRequiredAnswersAsIntrospectionDoes(KeycloakServer server) {
        try (ThrowawayRealm realm = new ThrowawayRealm(server)) {
            realm.update(Map.of("sslRequired", "all"));

            Answer introspected = realm.post(INTROSPECT, "rs", "token=x");
            Answer evaluated = realm.post(EVALUATE, "rs", "token=x");
            assertEquals(403, introspected.status(), introspected.toString());
            assertEquals(Map.of("error", "invalid_request", "error_description", "HTTPS required"), introspected.json());
            assertSameAnswer(introspected, evaluated);
            assertSameAnswer(introspected, realm.get("/claims-challenge/policy", "rs"));
        }
    }

    @Test
    void aDuplicatedParameterIsRefusedAsIntrospectionRefusesIt(KeycloakServer server) {
        try (ThrowawayRealm realm = new ThrowawayRealm(server)) {
            String token = realm.passwordGrant(null).accessTokenJwt();
            String form = "token=" + token + "&token=" + token;

            Answer introspected = realm.post(INTROSPECT, "rs", form);
            Answer evaluated = realm.post(EVALUATE, "rs", form);
            assertEquals(400, introspected.status(), introspected.toString());
            assertEquals("invalid_request", introspected.json().get("error"));
            assertSameAnswer(introspected, evaluated);
        }
    }

    @Test
    void tokenIntrospectClientPoliciesGovernEvaluateToo(KeycloakServer server) {
        try (ThrowawayRealm realm = new ThrowawayRealm(server)) {
            // the realm allows only signed-JWT client authentication from now on; rs uses a secret
            realm.admin("PUT", "/client-policies/profiles", Map.of("profiles", List.of(Map.of("name", "jwt-only",
                    "executors", List.of(Map.of("executor", "secure-client-authenticator",
                            "configuration", Map.of("allowed-client-authenticators", List.of("client-jwt"))))))));
            realm.admin("PUT", "/client-policies/policies", Map.of("policies", List.of(Map.of("name", "jwt-only", "enabled", true,
                    "conditions", List.of(Map.of("condition", "any-client", "configuration", Map.of())),
                    "profiles", List.of("jwt-only")))));

            Answer introspected = realm.post(INTROSPECT, "rs", "token=x");
            Answer evaluated = realm.post(EVALUATE, "rs", "token=x");
            assertEquals(400, introspected.status(), introspected.toString());
            assertEquals("invalid_request", introspected.json().get("error"));
            assertSameAnswer(introspected, evaluated);
        }
    }

    @Test
    void anIdTokenIsNotAnAccessTokenEvenForItsOwnClient(KeycloakServer server) throws Exception {
        try (ThrowawayRealm realm = new ThrowawayRealm(server)) {
            String idToken = (String) realm.passwordGrant(null).json().get("id_token");
            // stock introspection knows it for what it is
            assertEquals("ID", realm.post(INTROSPECT, "app", "token=" + idToken).json().get("token_type"));

            Answer evaluated = realm.post(EVALUATE, "app", "token=" + idToken);

            assertEquals(200, evaluated.status(), evaluated.toString());
            assertEquals(false, evaluated.json().get("active"), evaluated.toString());
            assertEquals(false, evaluated.json().get("satisfied"));
            assertEquals("invalid_token", BearerTokenError.parse((String) evaluated.json().get("www_authenticate")).getCode());
        }
    }

    @Test
    void theAnswerCarriesTheTokenTypeAsIntrospectionReportsIt(KeycloakServer server) {
        try (ThrowawayRealm realm = new ThrowawayRealm(server)) {
            String token = realm.passwordGrant(null).accessTokenJwt();

            Map<String, Object> evaluated = realm.post(EVALUATE, "rs", "token=" + token).json();

            assertEquals(true, evaluated.get("active"), evaluated.toString());
            assertEquals("Bearer", evaluated.get("token_type"));
            assertEquals(realm.post(INTROSPECT, "rs", "token=" + token).json().get("token_type"), evaluated.get("token_type"));
            assertTrue(!evaluated.containsKey("cnf"), "an unbound token has no cnf: " + evaluated);
        }
    }

    @Test
    void aDpopBoundTokenKeepsItsTypeAndKeyThumbprint(KeycloakServer server) throws Exception {
        try (ThrowawayRealm realm = new ThrowawayRealm(server)) {
            ECKey key = new ECKeyGenerator(Curve.P_256).generate();
            String proof = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256)
                    .createDPoPJWT("POST", URI.create(realm.url() + "/protocol/openid-connect/token")).serialize();
            Tokens tokens = realm.passwordGrant(proof);
            String thumbprint = key.computeThumbprint().toString();
            assertEquals("DPoP", tokens.json().get("token_type"), tokens.json().toString());

            Map<String, Object> evaluated = realm.post(EVALUATE, "rs", "token=" + tokens.accessTokenJwt()).json();

            assertEquals(true, evaluated.get("active"), evaluated.toString());
            assertEquals("DPoP", evaluated.get("token_type"));
            assertEquals(thumbprint, ((Map<?, ?>) evaluated.get("cnf")).get("jkt"), evaluated.toString());
            assertEquals(tokens.accessToken().get("cnf"), evaluated.get("cnf"), "the token's own cnf");
            assertEquals(realm.post(INTROSPECT, "rs", "token=" + tokens.accessTokenJwt()).json().get("cnf"), evaluated.get("cnf"));
        }
    }

    @Test
    void aClientThatFailedHttpAuthenticationGetsABasicChallenge(KeycloakServer server) {
        String basic = "Basic " + Base64.getEncoder().encodeToString("demo-api:wrong".getBytes(StandardCharsets.UTF_8));
        for (HttpRequest.Builder request : List.of(
                HttpRequest.newBuilder(URI.create(server.realmUrl() + EVALUATE)).header("Authorization", basic)
                        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=x")),
                HttpRequest.newBuilder(URI.create(server.realmUrl() + "/claims-challenge/policy")).header("Authorization", basic).GET())) {
            Answer answer = answer(new Browser().send(request));
            assertEquals(401, answer.status(), answer.toString());
            assertEquals("invalid_client", answer.json().get("error"));
            assertEquals(Optional.of("Basic realm=\"" + KeycloakServer.REALM + "\""), answer.challenge(), "RFC 6749 section 5.2");
        }

        // a client that authenticated in the form (client_secret_post) used no HTTP authentication scheme
        Answer inForm = answer(new Browser().postForm(URI.create(server.realmUrl() + EVALUATE),
                Map.of("client_id", "demo-api", "client_secret", "wrong", "token", "x")));
        assertEquals(401, inForm.status(), inForm.toString());
        assertEquals(Optional.empty(), inForm.challenge());
    }

    @Test
    void aTokenKeycloakCannotReadIsInactiveNotAServerError(KeycloakServer server) {
        try (ThrowawayRealm realm = new ThrowawayRealm(server)) {
            // no alg in the header: Keycloak's own check fails on it with an exception, which is the sender's doing
            String encoder = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + Base64.getUrlEncoder().withoutPadding().encodeToString("{\"typ\":\"Bearer\"}".getBytes(StandardCharsets.UTF_8)) + ".c2ln";

            Answer evaluated = realm.post(EVALUATE, "rs", "token=" + encoder);

            assertEquals(200, evaluated.status(), evaluated.toString());
            assertEquals(false, evaluated.json().get("active"));
        }
    }

    private static void assertSameAnswer(Answer stock, Answer ours) {
        assertEquals(stock.status(), ours.status(), "status: stock " + stock + ", ours " + ours);
        assertEquals(stock.json(), ours.json(), "body");
    }

    @SuppressWarnings("unchecked")
    static Answer answer(HttpResponse<String> response) {
        Map<String, Object> json = response.body().isBlank() ? Map.of() : AdminApi.read(response.body(), Map.class);
        return new Answer(response.statusCode(), json, response.headers().firstValue("WWW-Authenticate"));
    }

    /**
     * A realm of its own: a resource server {@code rs} and an app {@code app} whose access tokens are
     * for rs, both authenticating with a secret, and a user {@code u}. Deleted when closed.
     */
    static final class ThrowawayRealm implements AutoCloseable {

        private final KeycloakServer server;
        private final AdminApi admin;
        private final String name = "rs-security-" + System.nanoTime();

        ThrowawayRealm(KeycloakServer server) {
            this.server = server;
            this.admin = new AdminApi(server);
            Map<String, Object> audience = Map.of("name", "aud-rs", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                    "config", Map.of("included.client.audience", "rs", "access.token.claim", "true", "id.token.claim", "false"));
            Map<String, Object> realm = Map.of("realm", name, "enabled", true,
                    "clients", List.of(
                            Map.of("clientId", "rs", "secret", "rs-secret", "publicClient", false, "standardFlowEnabled", false),
                            Map.of("clientId", "app", "secret", "app-secret", "publicClient", false, "standardFlowEnabled", false,
                                    "directAccessGrantsEnabled", true, "protocolMappers", List.of(audience))),
                    "users", List.of(Map.of("username", "u", "enabled", true, "email", "u@example.org", "emailVerified", true,
                            "firstName", "U", "lastName", "Test",
                            "credentials", List.of(Map.of("type", "password", "value", "u-password", "temporary", false)))));
            HttpResponse<String> created = admin.send("POST", "/realms", realm);
            if (created.statusCode() != 201) {
                throw new AssertionError("creating realm " + name + " answered " + created.statusCode() + ": " + created.body());
            }
        }

        String url() {
            return server.baseUrl() + "/realms/" + name;
        }

        /** A password grant of app (scope openid), with a DPoP proof when {@code dpopProof} is given. */
        @SuppressWarnings("unchecked")
        Tokens passwordGrant(String dpopProof) {
            HttpRequest.Builder request = request("/protocol/openid-connect/token", "app");
            if (dpopProof != null) {
                request.header("DPoP", dpopProof);
            }
            Answer answer = answer(new Browser().send(request.POST(HttpRequest.BodyPublishers.ofString(
                    "grant_type=password&scope=openid&username=u&password=u-password"))));
            assertEquals(200, answer.status(), answer.toString());
            return new Tokens(answer.status(), answer.json());
        }

        /** POST a raw form, authenticated as {@code client} with HTTP Basic. */
        Answer post(String path, String client, String form) {
            return answer(new Browser().send(request(path, client).POST(HttpRequest.BodyPublishers.ofString(form))));
        }

        Answer get(String path, String client) {
            return answer(new Browser().send(request(path, client).GET()));
        }

        private HttpRequest.Builder request(String path, String client) {
            String basic = Base64.getEncoder().encodeToString((client + ":" + client + "-secret").getBytes(StandardCharsets.UTF_8));
            return HttpRequest.newBuilder(URI.create(url() + path)).header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        }

        void update(Map<String, Object> fields) {
            admin("PUT", "", fields);
        }

        void admin(String method, String path, Object body) {
            HttpResponse<String> response = admin.send(method, "/realms/" + name + path, body);
            if (response.statusCode() / 100 != 2) {
                throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
        }

        @Override
        public void close() {
            admin.send("DELETE", "/realms/" + name, null);
        }
    }
}

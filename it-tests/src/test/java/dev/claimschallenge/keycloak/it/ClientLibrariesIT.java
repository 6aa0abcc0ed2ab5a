package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.ApiAndCaller;
import dev.claimschallenge.keycloak.it.support.AuthorizationFlow;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.demo.DemoServer;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.NodeDriver;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.ThrowAwayTls;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The claims-challenge loop with the real client libraries people use, in Node.js (pinned in
 * src/test/node/package-lock.json): Microsoft's {@code @azure/msal-node} against Keycloak as a
 * generic OIDC authority over https, and panva's {@code openid-client} v6 against the demo API.
 */
@ExtendWith(KeycloakExtension.class)
class ClientLibrariesIT {

    static final String REDIRECT_URI = OidcClient.DEFAULT_REDIRECT_URI;
    static final String SECRET = "web-secret";
    static final String EMAIL_VERIFIED = "{\"access_token\":{\"email_verified\":{\"essential\":true}}}";
    static final String GOLD = "{\"access_token\":{\"acr\":{\"essential\":true,\"values\":[\"gold\"]}}}";

    private KeycloakServer server;
    private AdminApi admin;
    private ApiAndCaller clients;
    private NodeDriver node;
    private DemoServer demoApi;

    @BeforeEach
    void clients(KeycloakServer server) {
        this.server = server;
        admin = new AdminApi(server);
        clients = ApiAndCaller.create(admin);
        // MSAL's ConfidentialClientApplication and this openid-client set-up authenticate with a secret
        admin.updateClient(clients.web(), client -> {
            client.setPublicClient(false);
            client.setSecret(SECRET);
        });
        // it lists the context the demo API's delete needs: the demo refuses to start otherwise
        clients.policy(admin, "\"mode\":\"advertise\",\"required_claims\":[{\"name\":\"tos_version\"}],\"contexts\":[\""
                + DemoServer.SENSITIVE_CONTEXT + "\"]");
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        if (demoApi != null) {
            demoApi.close();
        }
    }

    @Test
    void msalNodeRunsTheLoopAndGoesInteractiveOnAStepUp() {
        String https = server.tls().map(ThrowAwayTls::baseUrl).orElse(null);
        Assumptions.assumeTrue(https != null, "MSAL needs an https authority: only the distribution-based Keycloak serves one");
        ThrowAwayTls tls = server.tls().orElseThrow();
        node = NodeDriver.start(Map.of("NODE_EXTRA_CA_CERTS", tls.certificatePem().toString()));
        node.ok("msal.init", Map.of("authority", https + "/realms/" + KeycloakServer.REALM, "clientId", clients.web(),
                "clientSecret", SECRET, "clientCapabilities", List.of("CP1")));
        List<String> scopes = List.of("openid");

        // 1. sign-in: getAuthCodeUrl with claims (MSAL adds xms_cc CP1 to them), the login form, acquireTokenByCode
        String state = "msal-" + System.nanoTime();
        String url = (String) node.ok("msal.authUrl", Map.of("scopes", scopes, "redirectUri", REDIRECT_URI,
                "claims", EMAIL_VERIFIED, "state", state)).get("url");
        assertTrue(url.startsWith(https), url);
        String code = AuthorizationFlow.open(new Browser(tls.sslContext()), URI.create(url), REDIRECT_URI, state)
                .login("alice", "alice-password").code();
        Map<String, Object> signedIn = Tokens.decode((String) node.ok("msal.byCode",
                Map.of("code", code, "scopes", scopes, "redirectUri", REDIRECT_URI)).get("accessToken"));
        assertEquals(true, signedIn.get("email_verified"), signedIn.toString());
        assertEquals(List.of("cp1"), signedIn.get("xms_cc"), "MSAL sends CP1; the token carries the configured cp1");
        assertFalse(signedIn.containsKey("tos_version"));

        // 2. the API's challenge, as its resource server gets it from Keycloak
        Map<?, ?> evaluated = evaluateOverHttps(https, tls, (String) node.ok("msal.silent", Map.of("scopes", scopes)).get("accessToken"));
        assertEquals(true, evaluated.get("client_capable"), evaluated.toString());
        String claims = new String(Base64.getDecoder().decode(ResourceServerIT.param((String) evaluated.get("www_authenticate"), "claims")),
                StandardCharsets.UTF_8);

        // 3. acquireTokenSilent with the challenge's claims: a refresh grant with claims, no user
        Map<String, Object> silent = node.ok("msal.silent", Map.of("scopes", scopes, "claims", claims));
        assertEquals(false, silent.get("fromCache"));
        Map<String, Object> refreshed = Tokens.decode((String) silent.get("accessToken"));
        assertEquals("2024-06", refreshed.get("tos_version"), refreshed.toString());
        assertEquals(List.of("cp1"), refreshed.get("xms_cc"));
        assertEquals(true, evaluateOverHttps(https, tls, (String) silent.get("accessToken")).get("satisfied"));

        // 4. a step-up the session cannot give silently: MSAL's documented signal to go interactive
        Map<String, Object> stepUp = node.call("msal.silent", Map.of("scopes", scopes, "claims", GOLD));
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) stepUp.get("error");
        assertEquals("InteractionRequiredAuthError", error == null ? stepUp : error.get("name"), () -> stepUp + node.logTail());
        assertEquals("invalid_grant", error.get("errorCode"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void openidClientPushesClaimsFollowsTheApisChallengeAndRefreshesWithClaims() throws IOException {
        node = NodeDriver.start(Map.of());
        demoApi = new DemoServer(new DemoServer.Config(server.baseUrl(), KeycloakServer.REALM, clients.web(), clients.api(),
                clients.apiSecret(), 0));
        node.ok("oidc.init", Map.of("issuer", server.realmUrl(), "clientId", clients.web(), "clientSecret", SECRET));

        // 1. claims in a pushed authorization request (RFC 9126)
        Map<String, Object> par = node.ok("oidc.parUrl", Map.of("redirectUri", REDIRECT_URI, "scope", "openid", "claims", EMAIL_VERIFIED));
        String url = (String) par.get("url");
        assertTrue(url.contains("request_uri="), url);
        AuthorizationFlow flow = AuthorizationFlow.open(new Browser(), URI.create(url), REDIRECT_URI, (String) par.get("state"))
                .login("alice", "alice-password");
        flow.code();
        Map<String, Object> tokens = node.ok("oidc.code", Map.of("callbackUrl", flow.uri().toString(),
                "state", par.get("state"), "codeVerifier", par.get("codeVerifier")));
        assertEquals(true, Tokens.decode((String) tokens.get("accessToken")).get("email_verified"));

        // 2. the demo API's 401: openid-client raises its WWW-Authenticate challenge error
        Map<String, Object> challenged = node.call("oidc.resource", Map.of("url", demoApi.apiUrl().toString(),
                "accessToken", tokens.get("accessToken")));
        Map<String, Object> error = (Map<String, Object>) challenged.get("error");
        assertEquals("WWWAuthenticateChallengeError", error == null ? challenged : error.get("name"), () -> challenged + node.logTail());
        Map<String, Object> challenge = ((List<Map<String, Object>>) error.get("challenges")).get(0);
        assertEquals("bearer", challenge.get("scheme"));
        Map<String, Object> parameters = (Map<String, Object>) challenge.get("parameters");
        assertEquals("insufficient_claims", parameters.get("error"));
        String claims = new String(Base64.getDecoder().decode((String) parameters.get("claims")), StandardCharsets.UTF_8);

        // 3. the refresh grant with the challenge's claims, and the API serves the new token
        Map<String, Object> refreshed = node.ok("oidc.refresh", Map.of("refreshToken", tokens.get("refreshToken"),
                "params", Map.of("claims", claims)));
        assertEquals("2024-06", Tokens.decode((String) refreshed.get("accessToken")).get("tos_version"));
        Map<String, Object> served = node.ok("oidc.resource", Map.of("url", demoApi.apiUrl().toString(),
                "accessToken", refreshed.get("accessToken")));
        assertEquals(200, served.get("status"), served.toString());

        // 4. a refresh that needs the user: an ordinary RFC 6749 error for a generic client
        Map<String, Object> refused = node.call("oidc.refresh", Map.of("refreshToken", refreshed.get("refreshToken"),
                "params", Map.of("claims", GOLD)));
        Map<String, Object> refusal = (Map<String, Object>) refused.get("error");
        assertEquals("ResponseBodyError", refusal == null ? refused : refusal.get("name"), () -> refused.toString());
        assertEquals("invalid_grant", refusal.get("error"));
        assertTrue(((String) refusal.get("error_description")).startsWith("interaction_required: "), refusal.toString());
        assertNotEquals(tokens.get("accessToken"), refreshed.get("accessToken"));
    }

    /** evaluate, as the test's API, over https (the token's issuer is the https URL). */
    private Map<?, ?> evaluateOverHttps(String https, ThrowAwayTls tls, String token) {
        String basic = Base64.getEncoder().encodeToString((clients.api() + ":" + clients.apiSecret()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = new Browser(tls.sslContext()).send(HttpRequest.newBuilder(
                        URI.create(https + "/realms/" + KeycloakServer.REALM + "/claims-challenge/evaluate"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Browser.formEncode(Map.of("token", token)))));
        if (response.statusCode() != 200) {
            throw new UncheckedIOException(new IOException("evaluate answered " + response.statusCode() + ": " + response.body()));
        }
        return AdminApi.read(response.body(), Map.class);
    }
}

package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import dev.claimschallenge.keycloak.it.demo.ChallengeAwareClient;
import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.ApiAndCaller;
import dev.claimschallenge.keycloak.it.support.AuthorizationFlow;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.demo.DemoServer;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Otp;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole loop: the demo API (Spring Boot on this build's library, judging tokens locally with the
 * engine evaluate runs), a client that reacts to its challenges (silent refresh first, then
 * interactive), real login and OTP forms.
 */
@ExtendWith(KeycloakExtension.class)
class ClaimsChallengeLoopIT {

    private KeycloakServer server;
    private AdminApi admin;
    private ApiAndCaller clients;
    private DemoServer api;

    @BeforeEach
    void clients(KeycloakServer server) {
        this.server = server;
        admin = new AdminApi(server);
        clients = ApiAndCaller.create(admin);
    }

    @AfterEach
    void stopApi() {
        if (api != null) {
            api.close();
        }
    }

    /**
     * The demo command's API, judging tokens against the policy document of this test's API client.
     * The policy also lists the context the demo's delete needs: the library refuses to start
     * otherwise, and listing it changes nothing for the read these tests call.
     */
    private DemoServer api(String policy) {
        clients.policy(admin, policy + ",\"contexts\":[\"" + DemoServer.SENSITIVE_CONTEXT + "\"]");
        try {
            api = new DemoServer(new DemoServer.Config(server.baseUrl(), KeycloakServer.REALM, clients.web(),
                    clients.api(), clients.apiSecret(), 0));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return api;
    }

    /** A person who types the password when asked, and enrols or types a one-time code when asked. */
    static UnaryOperator<AuthorizationFlow> person(String username, String password, String[] otpSecret) {
        int[] logins = {0};
        return flow -> {
            for (int step = 0; step < 4 && !flow.isCallback(); step++) {
                if (flow.page().getElementById("kc-form-login") != null) {
                    flow.login(username, password);
                } else if (flow.page().getElementById("kc-totp-settings-form") != null) {
                    otpSecret[0] = flow.enrolOtp();
                } else if (flow.page().getElementById("kc-otp-login-form") != null) {
                    flow.otp(Otp.code(otpSecret[0], ++logins[0]));
                } else {
                    throw new AssertionError("unexpected page: " + flow.text());
                }
            }
            return flow;
        };
    }

    @Test
    void withoutATokenTheApiAnswersWithAChallengeWithoutError() throws Exception {
        DemoServer api = api("\"mode\":\"advertise\",\"required_claims\":[{\"name\":\"tos_version\"}]");

        HttpResponse<String> response = new Browser().get(api.apiUrl());

        assertEquals(401, response.statusCode());
        BearerTokenError challenge = BearerTokenError.parse(response.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(null, challenge.getCode());
        assertEquals("claims-demo", challenge.getRealm());
    }

    @Test
    void aMissingConsentClaimIsFetchedSilentlyAndTheCallSucceeds() {
        DemoServer api = api("\"mode\":\"advertise\",\"required_claims\":[{\"name\":\"tos_version\",\"values\":[\"2024-06\"]}]");
        ChallengeAwareClient client = new ChallengeAwareClient(clients.webClient(server), person("alice", "alice-password", new String[1]));
        client.login();

        HttpResponse<String> response = client.call(api.apiUrl());

        assertEquals(200, response.statusCode(), client.log().toString());
        assertTrue(client.log().get(0).contains("error=\"insufficient_claims\""), client.log().toString());
        assertTrue(client.log().get(1).startsWith("silent: 200"), "the refresh grant with claims was enough: " + client.log());
        assertEquals("2024-06", client.tokens().accessToken().get("tos_version"));
        assertEquals(2, api.apiRequests());
    }

    @Test
    void anAcrTooLowLeadsToAStepUpWithAOneTimeCode() {
        DemoServer api = api("\"mode\":\"advertise\",\"acr_values\":[\"gold\"]");
        String user = "loop-gold-" + System.nanoTime();
        admin.createUser(user, "pw-" + user);
        ChallengeAwareClient client = new ChallengeAwareClient(clients.webClient(server), person(user, "pw-" + user, new String[1]));
        client.login();

        HttpResponse<String> response = client.call(api.apiUrl());

        assertEquals(200, response.statusCode(), client.log().toString());
        assertTrue(client.log().get(0).contains("error=\"insufficient_user_authentication\"") && client.log().get(0).contains("acr_values=\"gold\""),
                client.log().toString());
        assertTrue(client.log().get(1).startsWith("silent: 400"), "a refresh cannot raise the level: " + client.log());
        assertEquals("interactive: 200", client.log().get(2));
        assertEquals("gold", client.tokens().accessToken().get("acr"));
    }

    @Test
    void anAuthenticationOlderThanMaxAgeLeadsToAFreshLogin() throws Exception {
        DemoServer api = api("\"mode\":\"advertise\",\"max_age\":3");
        ChallengeAwareClient client = new ChallengeAwareClient(clients.webClient(server), person("alice", "alice-password", new String[1]));
        client.login();
        long firstAuth = ((Number) client.tokens().accessToken().get("auth_time")).longValue();
        Thread.sleep(4_500);

        HttpResponse<String> response = client.call(api.apiUrl());

        assertEquals(200, response.statusCode(), client.log().toString());
        assertTrue(client.log().get(0).contains("max_age=\"3\""), client.log().toString());
        assertTrue(((Number) client.tokens().accessToken().get("auth_time")).longValue() > firstAuth, "a new authentication");
    }

    @Test
    void aClientWithoutCp1StillGetsTheChallengeAndTheApiLearnsItIsNotCapable() {
        DemoServer api = api("\"mode\":\"advertise\",\"required_claims\":[{\"name\":\"tos_version\"}]");
        ChallengeAwareClient client = new ChallengeAwareClient(clients.webClient(server), person("alice", "alice-password", new String[1]));
        String token = client.login().accessTokenJwt();

        Map<String, Object> answer = new OidcClient(server, clients.api(), clients.apiSecret(), null)
                .postJson("/claims-challenge/evaluate", Map.of("token", token)).json();

        assertEquals(false, answer.get("client_capable"));
        assertTrue(((String) answer.get("www_authenticate")).contains("insufficient_claims"), answer.toString());
        assertEquals(200, client.call(api.apiUrl()).statusCode(), client.log().toString());
    }

    @Test
    void aClientRetriesOnceAndNeverLoops() {
        // bob's e-mail is not verified: no new token can satisfy this API
        DemoServer api = api("\"mode\":\"advertise\",\"required_claims\":[{\"name\":\"email_verified\",\"values\":[true]}]");
        ChallengeAwareClient client = new ChallengeAwareClient(clients.webClient(server), person("bob", "bob-password", new String[1]));
        client.login();

        HttpResponse<String> response = client.call(api.apiUrl());

        assertEquals(401, response.statusCode());
        assertEquals(2, api.apiRequests(), "one call, one retry: " + client.log());
    }
}

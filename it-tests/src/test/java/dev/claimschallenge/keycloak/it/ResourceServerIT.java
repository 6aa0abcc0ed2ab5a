package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.AuthorizationFlow;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The resource-server endpoints, called as demo-api, whose example policy (advertise) requires a
 * verified e-mail, accepted terms of service (tos_version 2024-06), acr gold and max age 3600.
 */
@ExtendWith(KeycloakExtension.class)
class ResourceServerIT {

    static OidcClient api(KeycloakServer server) {
        return new OidcClient(server, "demo-api", "demo-api-secret", null);
    }

    static Map<String, Object> evaluate(KeycloakServer server, String token) {
        Tokens answer = api(server).postJson("/claims-challenge/evaluate", Map.of("token", token));
        assertEquals(200, answer.status(), () -> answer.json().toString());
        return answer.json();
    }

    @Test
    void aTokenLackingClaimsAndAcrGetsAnInsufficientClaimsChallengeThePluginAccepts(KeycloakServer server) throws Exception {
        String bobToken = OidcClient.spa(server).login("bob", "bob-password", Map.of()).accessTokenJwt();

        Map<String, Object> answer = evaluate(server, bobToken);

        assertEquals(true, answer.get("active"));
        assertEquals(false, answer.get("satisfied"));
        assertEquals(List.of("email_verified", "tos_version", "acr"), answer.get("missing"));
        String header = (String) answer.get("www_authenticate");
        BearerTokenError parsed = BearerTokenError.parse(header);
        assertEquals("insufficient_claims", parsed.getCode());
        assertEquals("claims-demo", parsed.getRealm());
        assertTrue(param(header, "claims").matches("[A-Za-z0-9]+"), "standard base64 and base64url at once: " + header);
        String claims = new String(Base64.getUrlDecoder().decode(param(header, "claims")), StandardCharsets.UTF_8);
        assertEquals(new String(Base64.getDecoder().decode(param(header, "claims")), StandardCharsets.UTF_8), claims);
        assertEquals("{\"access_token\":{\"email_verified\":{\"essential\":true,\"value\":true},"
                + "\"tos_version\":{\"essential\":true,\"value\":\"2024-06\"},\"acr\":{\"essential\":true,\"value\":\"gold\"}}} ", claims,
                "the minified request, then spaces to a multiple of three bytes");

        // the decoded request is one the plugin accepts: Keycloak goes on to the login form, no error
        AuthorizationFlow flow = OidcClient.spa(server).authorize(new Browser(), Map.of("claims", claims));
        assertFalse(flow.isCallback(), "not an error redirect: " + flow.uri());
        assertTrue(flow.page().getElementById("kc-form-login") != null);
    }

    @Test
    void onlyTheAcrMissingGivesAnRfc9470Challenge(KeycloakServer server) throws Exception {
        String aliceToken = OidcClient.spa(server).login("alice", "alice-password",
                Map.of("claims", "{\"access_token\":{\"tos_version\":null}}")).accessTokenJwt();

        Map<String, Object> answer = evaluate(server, aliceToken);

        assertEquals(List.of("acr"), answer.get("missing"));
        String header = (String) answer.get("www_authenticate");
        assertEquals("insufficient_user_authentication", BearerTokenError.parse(header).getCode());
        assertEquals("gold", param(header, "acr_values"));
        assertEquals(false, answer.get("client_capable"));
    }

    @Test
    void aLightweightAccessTokenIsJudgedOnTheClaimsIntrospectionRebuildsForIt(KeycloakServer server) {
        String clientId = new AdminApi(server).createSpaLikeClient("lightweight-rs-" + System.nanoTime(),
                Map.of("client.use.lightweight.access.token.enabled", "true"));
        Tokens tokens = new OidcClient(server, clientId, null, OidcClient.DEFAULT_REDIRECT_URI).login("alice", "alice-password",
                Map.of("claims", "{\"access_token\":{\"tos_version\":null}}"));
        // the requested claim is in it, Keycloak's email_verified is not: only introspection's rebuild has it
        assertEquals("2024-06", tokens.accessToken().get("tos_version"));
        assertFalse(tokens.accessToken().containsKey("email_verified"), "lightweight: " + tokens.accessToken());

        Map<String, Object> answer = evaluate(server, tokens.accessTokenJwt());

        assertEquals(true, answer.get("active"), answer.toString());
        assertEquals(List.of("acr"), answer.get("missing"), "only the step-up is missing: " + answer);
    }

    @Test
    void aClientThatDeclaredCp1IsReportedCapable(KeycloakServer server) {
        String token = OidcClient.spa(server).login("alice", "alice-password",
                Map.of("claims", "{\"access_token\":{\"xms_cc\":{\"values\":[\"cp1\"]}}}")).accessTokenJwt();
        assertEquals(true, evaluate(server, token).get("client_capable"));
    }

    @Test
    void inactiveForeignAndOtherAudienceTokensAreInvalidTokens(KeycloakServer server) throws Exception {
        String garbage = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";
        Map<String, Object> answer = evaluate(server, garbage);
        assertEquals(false, answer.get("active"));
        assertEquals("invalid_token", BearerTokenError.parse((String) answer.get("www_authenticate")).getCode());

        // a token of another realm (master)
        HTTPResponse master = Browser.send(new TokenRequest.Builder(URI.create(server.baseUrl() + "/realms/master/protocol/openid-connect/token"),
                new ClientID("admin-cli"), new ResourceOwnerPasswordCredentialsGrant("admin", new Secret("admin"))).build().toHTTPRequest());
        String foreign = (String) master.getBodyAsJSONObject().get("access_token");
        assertEquals(false, evaluate(server, foreign).get("active"));

        // demo-web is not in the audience of a token issued to demo-spa for demo-api
        String spaToken = OidcClient.spa(server).login("alice", "alice-password", Map.of()).accessTokenJwt();
        Tokens asWeb = OidcClient.web(server).postJson("/claims-challenge/evaluate", Map.of("token", spaToken));
        assertEquals(false, asWeb.json().get("active"), asWeb.json().toString());
    }

    @Test
    void callersMustAuthenticateAsAConfidentialClient(KeycloakServer server) {
        Tokens publicClient = OidcClient.spa(server).postJson("/claims-challenge/evaluate", Map.of("token", "x"));
        Tokens wrongSecret = new OidcClient(server, "demo-api", "wrong", null).postJson("/claims-challenge/evaluate", Map.of("token", "x"));
        HttpResponse<String> anonymous = new Browser().postForm(URI.create(server.realmUrl() + "/claims-challenge/evaluate"), Map.of("token", "x"));

        assertEquals(401, publicClient.status());
        assertEquals("invalid_client", publicClient.error());
        assertEquals(401, wrongSecret.status());
        assertEquals(401, anonymous.statusCode());
    }

    @Test
    void thePolicyEndpointGivesThePolicyAndTheNoTokenChallenge(KeycloakServer server) throws Exception {
        HttpResponse<String> response = new Browser().send(HttpRequest.newBuilder(URI.create(server.realmUrl() + "/claims-challenge/policy"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("demo-api:demo-api-secret".getBytes(StandardCharsets.UTF_8)))
                .GET());

        assertEquals(200, response.statusCode(), response.body());
        Map<?, ?> answer = AdminApi.read(response.body(), Map.class);
        assertEquals("demo-api", ((Map<?, ?>) answer.get("policy")).get("client_id"));
        String header = (String) answer.get("www_authenticate");
        assertEquals("Bearer realm=\"claims-demo\", authorization_uri=\"" + server.realmUrl() + "/protocol/openid-connect/auth\"", header);
        assertEquals(null, BearerTokenError.parse(header).getCode());
    }

    static String param(String header, String name) {
        Matcher m = Pattern.compile("(?:^|[ ,])" + name + "=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(header);
        assertTrue(m.find(), name + " in " + header);
        return m.group(1).replaceAll("\\\\(.)", "$1");
    }
}

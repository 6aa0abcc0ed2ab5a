package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.AuthorizationFlow;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.DistributionKeycloak;
import dev.claimschallenge.keycloak.it.support.ItConfig;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.RequestObjectSigner;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OIDC Core 5.5.1: members of a claims request that are not understood MUST be ignored, and a
 * client that never uses {@code access_token} must see Keycloak exactly as without the extension.
 * The differential part logs in with the same catalogue of {@code claims} values on the shared
 * server (with the jar) and on a stock Keycloak started from the second distribution, and
 * compares what the client gets: a token (with its ID token's claim names and acr), an error
 * redirect (its error code), or a Keycloak page (its status).
 */
@ExtendWith(KeycloakExtension.class)
class ClaimsParameterParityIT {

    /** {@code claims} values without an access_token member: the outcome must be stock Keycloak's. */
    static final List<String> WITHOUT_ACCESS_TOKEN = List.of(
            "{\"id_token\":{\"email\":{\"essential\":true,\"purpose\":\"to send receipts\"}}}",
            "{\"userinfo\":{\"email\":{\"purpose\":\"to send receipts\"}},\"id_token\":{\"email\":null}}",
            "{\"id_token\":{\"email\":null,\"name\":{\"essential\":true}}}",
            "{\"id_token\":null}",
            "{}",
            "{\"id_token\":{},\"userinfo\":{}}",
            "{\"id_token\":{\"email\":{\"essential\":\"true\"}}}",
            "{\"id_token\":{\"email\":{\"essential\":\"yes\"}}}",
            "{\"id_token\":{\"email\":{\"essential\":1}}}",
            "{\"id_token\":\"email\"}",
            "{\"id_token\":{\"email\":true}}",
            "{\"userinfo\":[]}",
            "{\"id_token\":{\"bad name\":null,\"\\u202eevil\":null}}",
            "{\"id_token\":{\"email\":{\"value\":{\"nested\":[1]}}}}",
            "{\"id_token\":{\"email\":{\"values\":\"x\"}}}",
            "{\"vp_token\":{\"x\":1},\"id_token\":{\"email\":null}}",
            "{\"id_token\":{\"auth_time\":{\"essential\":true}}}",
            "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"silver\"]}}}",
            "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"silver\"],\"purpose\":\"step-up\"}}}",
            "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"no-such-acr\"]}}}",
            "{\"id_token\":{\"acr\":{\"essential\":true,\"value\":\"gold\"}}}",
            "{\"id_token\":{\"acr\":{\"essential\":false,\"values\":[\"gold\"]}}}",
            "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"no-such-acr\"]}},\"vp_token\":{}}",
            "{\"id_token\":{\"acr\":{\"essential\":true,\"value\":2}}}",
            // over Keycloak's 4000-character limit for the query: Keycloak drops it with a warning
            "{\"id_token\":{\"x\":{\"value\":\"" + "a".repeat(5000) + "\"}}}",
            "{\"id_token\":{\"x\":{\"value\":\"" + "a".repeat(3000) + "\"}},\"userinfo\":{\"y\":{\"value\":\"" + "b".repeat(700) + "\"}}}");

    /**
     * Not a JSON object at all: stock Keycloak ignores the parameter (its readers only log), the
     * extension refuses it with invalid_request, since it cannot tell what the client asked for.
     * A deliberate, documented difference (docs/claims-request.md).
     */
    static final List<String> NOT_A_CLAIMS_REQUEST = List.of("{not json", "[\"id_token\"]", "\"email\"");

    static DistributionKeycloak stock;
    static String stockClient;
    static String jarClient;

    @BeforeAll
    static void startStockKeycloak(KeycloakServer withJar) throws Exception {
        stock = DistributionKeycloak.start(ItConfig.secondDistribution(),
                ItConfig.logFile().resolveSibling("keycloak-stock-parity.log"),
                DistributionKeycloak.stockRealmFile(ItConfig.realmFile()), false);
        stockClient = plainClient(stock);
        jarClient = plainClient(withJar);
    }

    @AfterAll
    static void stopStockKeycloak() {
        if (stock != null) {
            stock.close();
        }
    }

    @Test
    void withoutAnAccessTokenMemberEveryClaimsValueGetsStockKeycloaksOutcome(KeycloakServer withJar) {
        List<String> differences = new ArrayList<>();
        for (String claims : WITHOUT_ACCESS_TOKEN) {
            String expected = outcome(stock, stockClient, claims);
            String actual = outcome(withJar, jarClient, claims);
            System.out.println("parity: " + shorten(claims) + " -> " + expected);
            if (!expected.equals(actual)) {
                differences.add(shorten(claims) + "\n    stock Keycloak: " + expected + "\n    with the jar:   " + actual);
            }
        }
        assertTrue(differences.isEmpty(), "different outcomes:\n" + String.join("\n", differences));
    }

    @Test
    void whatIsNotAJsonObjectIsRefusedWhereStockKeycloakIgnoresIt(KeycloakServer withJar) {
        for (String claims : NOT_A_CLAIMS_REQUEST) {
            assertTrue(outcome(stock, stockClient, claims).startsWith("token"), claims);
            assertEquals("redirect error=invalid_request", outcome(withJar, jarClient, claims), claims);
        }
    }

    /** OpenID Connect for Identity Assurance's {@code purpose}, and anything else, inside an access_token entry. */
    static final String TOS_WITH_PURPOSE = "{\"access_token\":{\"tos_version\":{\"essential\":true,\"purpose\":\"to show the right terms\","
            + "\"future_member\":{\"x\":[1]}}},\"id_token\":{\"email\":{\"essential\":true,\"purpose\":\"to send receipts\"}}}";

    @Test
    void unknownMembersOfAClaimEntryAreIgnoredInTheQuery(KeycloakServer server) {
        Tokens tokens = OidcClient.spa(server).login("alice", "alice-password", Map.of("claims", TOS_WITH_PURPOSE));

        assertEquals(200, tokens.status(), () -> tokens.json().toString());
        assertEquals("2024-06", tokens.accessToken().get("tos_version"));
        assertEquals("alice@example.org", tokens.idToken().get("email"));
    }

    @Test
    void unknownMembersOfAClaimEntryAreIgnoredInAPushedRequest(KeycloakServer server) {
        OidcClient web = OidcClient.web(server);
        Tokens tokens = web.exchange(web.authorizePushed(new Browser(), Map.of("claims", TOS_WITH_PURPOSE))
                .login("alice", "alice-password"));

        assertEquals(200, tokens.status(), () -> tokens.json().toString());
        assertEquals("2024-06", tokens.accessToken().get("tos_version"));
    }

    @Test
    void unknownMembersOfAClaimEntryAreIgnoredInARequestObject(KeycloakServer server) {
        RequestObjectSigner signer = new RequestObjectSigner();
        String clientId = new AdminApi(server).createSpaLikeClient("jar-purpose-" + System.nanoTime(), signer.clientAttributes());
        OidcClient client = new OidcClient(server, clientId, null, OidcClient.DEFAULT_REDIRECT_URI);

        Tokens tokens = client.exchange(client.authorizeWithRequestObject(new Browser(),
                Map.of("claims", TOS_WITH_PURPOSE), signer).login("alice", "alice-password"));

        assertEquals(200, tokens.status(), () -> tokens.json().toString());
        assertEquals("2024-06", tokens.accessToken().get("tos_version"));
    }

    @Test
    void unknownMembersOfAClaimEntryAreIgnoredOnTheRefreshGrant(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);
        Tokens first = spa.login("alice", "alice-password", Map.of());
        assertTrue(!first.accessToken().containsKey("tos_version"), "precondition: not there without a request");

        Tokens refreshed = spa.refresh(first.refreshTokenJwt(), Map.of("claims", TOS_WITH_PURPOSE));

        assertEquals(200, refreshed.status(), () -> refreshed.json().toString());
        assertEquals("2024-06", refreshed.accessToken().get("tos_version"));
    }

    @Test
    void anIdTokenEntryWithPurposeStillStepsUpWhenAnAccessTokenMemberIsThere(KeycloakServer server) {
        // Keycloak's own reader fails on "purpose" and would drop the whole value, acr included:
        // it must get the id_token member without the members it does not know.
        AuthorizationFlow flow = OidcClient.spa(server).authorize(new Browser(), Map.of("claims",
                "{\"access_token\":{\"tos_version\":null},\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"no-such-acr\"],\"purpose\":\"x\"}}}"));

        assertEquals(400, flow.status(), "Keycloak's own check of an unknown essential id_token.acr: " + flow.text());
    }

    /** What a client sees for {@code claims} (alice logs in): token and its ID token, an error redirect, or a page. */
    static String outcome(KeycloakServer server, String clientId, String claims) {
        OidcClient client = new OidcClient(server, clientId, null, OidcClient.DEFAULT_REDIRECT_URI);
        AuthorizationFlow flow = client.authorize(new Browser(), Map.of("claims", claims));
        if (!flow.isCallback() && flow.status() == 200 && flow.page().getElementById("kc-form-login") != null) {
            flow.login("alice", "alice-password");
        }
        if (!flow.isCallback()) {
            return "page " + flow.status() + " " + flow.page().title();
        }
        Map<String, String> callback = flow.callbackParameters();
        if (callback.containsKey("error")) {
            return "redirect error=" + callback.get("error");
        }
        Tokens tokens = client.exchange(flow);
        if (tokens.status() != 200) {
            return "token endpoint " + tokens.status() + " " + tokens.error();
        }
        Map<String, Object> id = tokens.idToken();
        return "token, ID token claims " + new TreeSet<>(id.keySet()) + ", acr " + id.get("acr");
    }

    /** The same plain public client on both servers: no audience, no policy, only the realm's default scopes. */
    static String plainClient(KeycloakServer server) {
        String clientId = "parity-" + System.nanoTime();
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", clientId);
        client.put("publicClient", true);
        client.put("standardFlowEnabled", true);
        client.put("redirectUris", List.of(OidcClient.DEFAULT_REDIRECT_URI));
        client.put("attributes", Map.of("pkce.code.challenge.method", "S256"));
        new AdminApi(server).createClient(client);
        return clientId;
    }

    private static String shorten(String claims) {
        return claims.length() > 160 ? claims.substring(0, 150) + "... (" + claims.length() + " characters)" : claims;
    }
}

package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.ApiAndCaller;
import dev.claimschallenge.keycloak.it.support.AuthorizationFlow;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.net.URI;
import java.net.URLEncoder;
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
 * Authentication contexts end to end (docs/contexts.md): a client requests a context with
 * {@code claims.access_token.acrs}, Keycloak steps up, computes its claims and lists it in
 * {@code acrs} only while it is met; the API's evaluate judges contexts per operation; approved
 * clients. Each test uses its own API, web client, context and user.
 */
@ExtendWith(KeycloakExtension.class)
class AuthenticationContextsIT {

    static String acrs(String... ids) {
        return "{\"access_token\":{\"acrs\":{\"essential\":true,\"values\":[\"" + String.join("\",\"", ids) + "\"]}}}";
    }

    /** A context of its own for one test (PUT through the admin API). */
    static String context(AdminApi admin, String json) {
        String id = "ctx-" + System.nanoTime();
        HttpResponse<String> put = admin.send("PUT", ContextAdminApiIT.CONTEXTS + "/" + id, json);
        assertEquals(201, put.statusCode(), put.body());
        return id;
    }

    static String user(AdminApi admin, Map<String, List<String>> attributes) {
        String name = "ctx-user-" + System.nanoTime();
        String id = admin.createUser(name, "pw-" + name);
        if (!attributes.isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> rep = new java.util.HashMap<>(admin.get("/realms/" + KeycloakServer.REALM + "/users/" + id, Map.class));
            rep.put("attributes", attributes);
            HttpResponse<String> put = admin.send("PUT", "/realms/" + KeycloakServer.REALM + "/users/" + id, rep);
            assertEquals(204, put.statusCode(), put.body());
        }
        return name;
    }

    @Test
    void aContextStepsUpToItsAcrAndTheTokenListsItOnlyWhenMet(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        ApiAndCaller apps = ApiAndCaller.create(admin);
        String c = context(admin, "{\"display_name\":\"Strong\",\"acr_values\":[\"gold\"],\"max_age\":300}");
        apps.policy(admin, "\"mode\":\"advertise\",\"contexts\":[\"" + c + "\"]");
        String user = user(admin, Map.of());
        OidcClient web = apps.webClient(server);
        Browser browser = new Browser();

        Tokens silver = web.exchange(web.authorize(browser).login(user, "pw-" + user));
        assertEquals("silver", silver.accessToken().get("acr"));
        assertNull(silver.accessToken().get("acrs"), "no context without a request");

        AuthorizationFlow stepUp = web.authorize(browser, Map.of("claims", acrs(c)));
        assertFalse(stepUp.isCallback(), "the context's acr gold needs a second factor: no silent SSO");
        stepUp.enrolOtp();
        Tokens gold = web.exchange(stepUp);
        assertEquals(200, gold.status(), String.valueOf(gold.json()));
        assertEquals("gold", gold.accessToken().get("acr"));
        assertEquals(List.of(c), gold.accessToken().get("acrs"));
        Tokens introspected = new OidcClient(server, apps.api(), apps.apiSecret(), null).introspect(gold.accessTokenJwt());
        assertEquals(List.of(c), introspected.json().get("acrs"), "introspection lists the contexts still met");

        // evaluate, per operation: the gold token meets the context, the silver one does not
        Map<String, Object> met = evaluate(server, apps, gold.accessTokenJwt(), c);
        assertEquals(true, met.get("satisfied"), met.toString());
        Map<String, Object> unmet = evaluate(server, apps, silver.accessTokenJwt(), c);
        assertEquals(false, unmet.get("satisfied"));
        assertEquals(List.of(c), unmet.get("missing"));
        String challenge = (String) unmet.get("www_authenticate");
        assertTrue(challenge.contains("error=\"insufficient_claims\""), challenge);
        assertEquals(Map.of("access_token", Map.of("acrs", Map.of("essential", true, "value", c))), claimsOf(challenge));
        // without naming the operation the silver token is fine: the API's policy asks for nothing
        assertEquals(true, evaluate(server, apps, silver.accessTokenJwt()).get("satisfied"));
    }

    @Test
    void aContextsRequiredClaimsAreComputedByTheApisOwnMappersAndAnUnmetContextIsNeverListed(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        ApiAndCaller apps = ApiAndCaller.create(admin);
        String c = context(admin, "{\"required_claims\":[{\"name\":\"department\",\"values\":[\"finance\"]}]}");
        apps.policy(admin, "\"mode\":\"advertise\",\"contexts\":[\"" + c + "\"]");
        OidcClient web = apps.webClient(server);

        String finance = user(admin, Map.of("department", List.of("finance")));
        Tokens plain = web.login(finance, "pw-" + finance, Map.of());
        assertNull(plain.accessToken().get("department"), "not requested: not added");
        // pushed (PAR), as the query: the extension reads the request after Keycloak parsed it
        Tokens withContext = web.exchange(web.authorizePushed(new Browser(), Map.of("claims", acrs(c))).login(finance, "pw-" + finance));
        assertEquals("finance", withContext.accessToken().get("department"));
        assertEquals(List.of(c), withContext.accessToken().get("acrs"));

        String sales = user(admin, Map.of("department", List.of("sales")));
        Tokens unmet = web.login(sales, "pw-" + sales, Map.of("claims", acrs(c)));
        assertEquals(200, unmet.status(), "a context that cannot be met is left out, never an error");
        assertNull(unmet.accessToken().get("acrs"), String.valueOf(unmet.accessToken()));
        assertNull(unmet.accessToken().get("department"), "sales is not an acceptable value: not added");
        Map<String, Object> answer = evaluate(server, apps, unmet.accessTokenJwt(), c);
        assertEquals(List.of(c), answer.get("missing"));
    }

    @Test
    void aContextWithMaxAgeDropsOutOfRefreshedTokensAndASilentRequestForItMustGoInteractive(KeycloakServer server) throws Exception {
        AdminApi admin = new AdminApi(server);
        ApiAndCaller apps = ApiAndCaller.create(admin);
        String c = context(admin, "{\"max_age\":3}");
        apps.policy(admin, "\"contexts\":[\"" + c + "\"]");
        OidcClient web = apps.webClient(server);
        String user = user(admin, Map.of());

        Tokens fresh = web.login(user, "pw-" + user, Map.of("claims", acrs(c)));
        assertEquals(List.of(c), fresh.accessToken().get("acrs"));
        Tokens soon = web.refresh(fresh.refreshTokenJwt(), Map.of());
        assertEquals(List.of(c), soon.accessToken().get("acrs"), "still within max_age");

        Thread.sleep(4500);
        Tokens later = web.refresh(soon.refreshTokenJwt(), Map.of());
        assertEquals(200, later.status(), String.valueOf(later.json()));
        assertNull(later.accessToken().get("acrs"), "older than the context's max_age: no longer listed");

        Tokens silent = web.refresh(later.refreshTokenJwt(), Map.of("claims", acrs(c)));
        assertEquals(400, silent.status(), String.valueOf(silent.json()));
        assertEquals("invalid_grant", silent.error());
        assertTrue(silent.errorDescription().startsWith("interaction_required: "), silent.errorDescription());
    }

    @Test
    void aContextTheApiDoesNotListOrThatDoesNotExistIsIgnored(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        ApiAndCaller apps = ApiAndCaller.create(admin);
        String unlisted = context(admin, "{\"acr_values\":[\"gold\"]}");
        apps.policy(admin, "\"mode\":\"advertise\"");
        OidcClient web = apps.webClient(server);
        String user = user(admin, Map.of());

        AuthorizationFlow flow = web.authorize(new Browser(), Map.of("claims", acrs(unlisted, "no-such-context"))).login(user, "pw-" + user);
        assertTrue(flow.isCallback(), "no step-up for a context the API does not list: " + flow.text());
        Tokens tokens = web.exchange(flow);
        assertEquals(200, tokens.status());
        assertEquals("silver", tokens.accessToken().get("acr"));
        assertNull(tokens.accessToken().get("acrs"));

        // the RS naming a context its policy does not list, or one that does not exist: refused, never judged as met
        assertEquals(400, evaluateStatus(server, apps, tokens.accessTokenJwt(), unlisted));
        assertEquals(400, evaluateStatus(server, apps, tokens.accessTokenJwt(), "no-such-context"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void evaluateJudgesSeveralContextsAndThePolicyEndpointShowsTheirDefinitions(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        ApiAndCaller apps = ApiAndCaller.create(admin);
        String recent = context(admin, "{\"display_name\":\"Recent\",\"max_age\":3600}");
        String strong = context(admin, "{\"display_name\":\"Strong\",\"acr_values\":[\"gold\"]}");
        apps.policy(admin, "\"contexts\":[\"" + recent + "\",\"" + strong + "\"]");
        OidcClient web = apps.webClient(server);
        String user = user(admin, Map.of());
        Tokens tokens = web.login(user, "pw-" + user, Map.of());

        Map<String, Object> answer = evaluate(server, apps, tokens.accessTokenJwt(), recent, strong);
        assertEquals(false, answer.get("satisfied"));
        assertEquals(List.of(strong), answer.get("missing"), "recent is met by the token's auth_time though it has no acrs");

        Tokens policy = new OidcClient(server, apps.api(), apps.apiSecret(), null).get("/claims-challenge/policy");
        List<Map<String, Object>> definitions = (List<Map<String, Object>>) policy.json().get("contexts");
        // a policy's contexts are a set, shown sorted by id
        assertEquals(java.util.stream.Stream.of(recent, strong).sorted().toList(), definitions.stream().map(d -> d.get("id")).toList());
        assertEquals(List.of("gold"), definitions.stream().filter(d -> strong.equals(d.get("id"))).findFirst().orElseThrow().get("acr_values"));
    }

    @Test
    void approvedClientsAreEnforcedAtTheTokenEndpointAndAnsweredWithoutAClaimsChallengeByEvaluate(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        ApiAndCaller apps = ApiAndCaller.create(admin);
        ApiAndCaller approvedOnly = ApiAndCaller.create(admin);
        String user = user(admin, Map.of());

        // advertise: tokens are issued; evaluate tells the API this client is not approved
        apps.policy(admin, "\"mode\":\"advertise\",\"required_claims\":[{\"name\":\"azp\",\"values\":[\"someone-else\"]}]");
        Tokens tokens = apps.webClient(server).login(user, "pw-" + user, Map.of());
        assertEquals(200, tokens.status());
        Map<String, Object> answer = evaluate(server, apps, tokens.accessTokenJwt());
        assertEquals(false, answer.get("satisfied"));
        String challenge = (String) answer.get("www_authenticate");
        assertTrue(challenge.contains("error=\"invalid_token\""), challenge);
        assertTrue(challenge.contains("error_description=\"this client is not approved for the API\""), challenge);
        assertFalse(challenge.contains("claims="), "no claims challenge the client could never meet: " + challenge);

        // an approved client passes (client_id as RFC 9068 names it, read from azp)
        approvedOnly.policy(admin, "\"mode\":\"enforce\",\"required_claims\":[{\"name\":\"client_id\",\"values\":[\"" + approvedOnly.web() + "\"]}]");
        Tokens approved = approvedOnly.webClient(server).login(user, "pw-" + user, Map.of());
        assertEquals(200, approved.status(), String.valueOf(approved.json()));
        assertEquals(true, evaluate(server, approvedOnly, approved.accessTokenJwt()).get("satisfied"));

        // enforce: another client's token is refused at the token endpoint
        String other = admin.createSpaLikeClient("unapproved-" + System.nanoTime(), Map.of());
        admin.addProtocolMapper(other, Map.of("name", "api audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.client.audience", approvedOnly.api(), "access.token.claim", "true")));
        Tokens refused = new OidcClient(server, other, null, OidcClient.DEFAULT_REDIRECT_URI).login(user, "pw-" + user, Map.of());
        assertEquals(400, refused.status(), String.valueOf(refused.json()));
        assertTrue(refused.errorDescription().contains("this client is not approved for the API"), refused.errorDescription());
    }

    static Map<String, Object> evaluate(KeycloakServer server, ApiAndCaller apps, String token, String... contexts) {
        HttpResponse<String> response = evaluateResponse(server, apps, token, contexts);
        assertEquals(200, response.statusCode(), response.body());
        return AdminApi.read(response.body(), Map.class);
    }

    static int evaluateStatus(KeycloakServer server, ApiAndCaller apps, String token, String... contexts) {
        return evaluateResponse(server, apps, token, contexts).statusCode();
    }

    /** A plain form POST: evaluate's {@code context} repeats, which a map of parameters cannot say. */
    static HttpResponse<String> evaluateResponse(KeycloakServer server, ApiAndCaller apps, String token, String... contexts) {
        StringBuilder form = new StringBuilder("token=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
        for (String context : contexts) {
            form.append("&context=").append(URLEncoder.encode(context, StandardCharsets.UTF_8));
        }
        String basic = Base64.getEncoder().encodeToString((apps.api() + ":" + apps.apiSecret()).getBytes(StandardCharsets.UTF_8));
        try {
            return Browser.HTTP.send(HttpRequest.newBuilder(URI.create(server.realmUrl() + "/claims-challenge/evaluate"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> claimsOf(String challenge) {
        Matcher m = Pattern.compile("claims=\"([^\"]+)\"").matcher(challenge);
        assertTrue(m.find(), challenge);
        return AdminApi.read(new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8), Map.class);
    }
}

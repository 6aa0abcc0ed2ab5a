package dev.claimschallenge.spring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.AuthorizationFlow;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 25's agreement proof: Spring Boot APIs on the library, with its real auto-configuration
 * (Spring's JwtDecoder from the realm's JWKS, the policy document fetched from Keycloak), run in
 * this JVM against a real Keycloak. For every situation, the same token goes to an operation of
 * the API over HTTP and to Keycloak's {@code evaluate} for the same API client and the same
 * contexts; what the API answers (200, or 401 with its {@code WWW-Authenticate}) must be what
 * evaluate says (satisfied, or the header byte for byte), and the library's list of what is
 * missing must be evaluate's. Each situation also states what evaluate says of it, so that a
 * situation that silently stops being what its name says fails too.
 *
 * <p>Where the library cannot agree by design (it sees the signed token, not Keycloak's records:
 * a session logged out since) is its own test below, asserting the difference, and is written up
 * in docs/protocol.md ("Judging locally").
 */
@ExtendWith(KeycloakExtension.class)
class SpringLibraryAgreementIT {

    private static final String PASSWORD = "pw-agreement";
    private static final String SECRET = "agreement-secret";
    /** A context of the example realm: acr gold within 300 s. */
    private static final String C1 = "c1";
    /** Contexts of this test: authenticated within {@value #RECENT_MAX_AGE} s; terms of service version 2. */
    private static final String RECENT = "recent";
    private static final String TERMS = "terms";
    private static final int RECENT_MAX_AGE = 10;
    private static final String CONTEXTS = "\"contexts\":[\"c1\",\"recent\",\"terms\"]";

    private static KeycloakServer server;
    private static AdminApi admin;
    private static final List<Api> APIS = new ArrayList<>();
    private static final List<Situation> SITUATIONS = new ArrayList<>();
    /** Some tokens' payloads, for {@link #theTokensAreWhatTheSituationsSay}. */
    private static final Map<String, Map<String, Object>> TOKENS = new HashMap<>();
    /** The app whose tokens carry every API in aud. */
    private static String webApp;

    /** A Spring Boot API on the library, as client {@code clientId} of the realm. */
    record Api(String name, String clientId, ConfigurableApplicationContext context, String baseUrl) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * One token at one operation.
     *
     * @param contexts the operation's contexts, in the order the library names them (the DSL's, then
     *                 the annotation's), sent to evaluate in that order: a challenge names them so
     * @param missing  what evaluate should find missing; {@code null}: the token is not active
     * @param error    the challenge's {@code error}; {@code null}: no challenge, {@code ""}: one without an error
     */
    record Situation(String name, Api api, String path, List<String> contexts, Supplier<String> token, Set<String> missing,
            String error) {
        @Override
        public String toString() {
            return name + " (" + api + " " + path + ")";
        }
    }

    @BeforeAll
    static void setUp(KeycloakServer keycloak) throws Exception {
        server = keycloak;
        admin = new AdminApi(server);
        // list-valued and numeric user attributes (teams, clearance, grade) outside the example realm's profile
        UPConfig profile = admin.realm().users().userProfile().getConfiguration();
        profile.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ENABLED);
        admin.realm().users().userProfile().update(profile);
        context(RECENT, "{\"display_name\":\"Recent\",\"max_age\":" + RECENT_MAX_AGE + "}");
        context(TERMS, "{\"display_name\":\"Terms\",\"required_claims\":[{\"name\":\"tos_version\",\"values\":[\"2\"]}]}");

        // A: required claims computed by its own mappers (satisfy), a string, a list, a number, and email_verified
        String a = apiClient("claims", Map.of(), List.of(attributeMapper("department", "department", "String", false),
                attributeMapper("teams", "teams", "String", true), attributeMapper("clearance", "clearance", "int", false)));
        policy(a, "\"mode\":\"satisfy\",\"required_claims\":[{\"name\":\"department\",\"values\":[\"finance\"]},"
                + "{\"name\":\"teams\",\"values\":[\"blue\"]},{\"name\":\"clearance\",\"values\":[3]},"
                + "{\"name\":\"email_verified\",\"values\":[true]}]," + CONTEXTS);
        // C: an acr requirement ranked through the API client's own ACR-to-LoA map
        String c = apiClient("own-map", Map.of("acr.loa.map", "{\"bronze\":\"1\",\"platinum\":\"2\"}"), List.of());
        policy(c, "\"mode\":\"advertise\",\"acr_values\":[\"platinum\"]," + CONTEXTS);
        // D: numbers and strings: grade written as a string against 7, level as the number 7, rank as the number 3 against "3"
        String d = apiClient("numbers", Map.of(), List.of(attributeMapper("grade", "grade", "String", false),
                attributeMapper("level", "grade", "int", false), attributeMapper("rank", "clearance", "int", false)));
        policy(d, "\"mode\":\"satisfy\",\"required_claims\":[{\"name\":\"grade\",\"values\":[7]},{\"name\":\"level\",\"values\":[7]},"
                + "{\"name\":\"rank\",\"values\":[\"3\"]}]," + CONTEXTS);
        // B: approved clients; its policy is filled in below, once the approved client exists
        String b = apiClient("approved", Map.of(), List.of());

        // the apps: W calls every API; W2 only B (not approved); W3 names level 1 "gold" in its own map; W4's tokens live 2 s
        String w = webClient("web", Map.of(), a, b, c, d);
        String w2 = webClient("other", Map.of(), b);
        String w3 = webClient("relabelled", Map.of("acr.loa.map", "{\"gold\":1}"), a, c);
        String w4 = webClient("short", Map.of("access.token.lifespan", "2"), a);
        policy(b, "\"mode\":\"advertise\",\"required_claims\":[{\"name\":\"client_id\",\"values\":[\"" + w + "\"]}]," + CONTEXTS);

        Map<String, List<String>> good = Map.of("department", List.of("finance"), "teams", List.of("red", "blue"),
                "clearance", List.of("3"), "grade", List.of("7"), "tos_version", List.of("2"));
        String alice = user("alice", good, true);
        String fresh = user("fresh", good, true);

        // first the tokens whose age matters: older than RECENT_MAX_AGE when judged
        Browser browser = new Browser();
        OidcClient web = app(w);
        Tokens silver = web.exchange(web.authorize(browser).login(alice, PASSWORD));
        Tokens expired = app(w4).login(alice, PASSWORD, Map.of());
        Instant oldest = Instant.now();
        // the same session steps up to the realm's c1 (acr gold): one-time code set-up, then a token with acrs c1
        AuthorizationFlow stepUp = web.authorize(browser, Map.of("claims",
                "{\"access_token\":{\"acrs\":{\"essential\":true,\"values\":[\"c1\"]}}}"));
        assertFalse(stepUp.isCallback(), "c1's acr gold needs a second factor: no silent SSO");
        stepUp.enrolOtp();
        Tokens gold = web.exchange(stepUp);
        assertEquals(200, gold.status(), String.valueOf(gold.json()));
        assertEquals("gold", gold.accessToken().get("acr"), String.valueOf(gold.accessToken()));
        assertEquals(List.of(C1), gold.accessToken().get("acrs"));
        Instant goldAt = Instant.now();

        Tokens noDepartment = app(w).login(user("nodept", without(good, "department"), true), PASSWORD, Map.of());
        Tokens sales = app(w).login(user("sales", with(good, "department", "sales"), true), PASSWORD, Map.of());
        Tokens unverified = app(w).login(user("unverified", good, false), PASSWORD, Map.of());
        Tokens red = app(w).login(user("red", with(good, "teams", "red"), true), PASSWORD, Map.of());
        Tokens clearance2 = app(w).login(user("clear2", with(good, "clearance", "2"), true), PASSWORD, Map.of());
        // the terms context requested at login: Keycloak computes tos_version for it (the app's mapper), only with an accepted value
        Map<String, String> requestTerms = Map.of("claims", "{\"access_token\":{\"acrs\":{\"essential\":true,\"values\":[\"terms\"]}}}");
        Tokens terms = app(w).login(fresh, PASSWORD, requestTerms);
        Tokens tos1 = app(w).login(user("tos1", with(good, "tos_version", "1"), true), PASSWORD, requestTerms);
        String other = user("other", good, true);
        Tokens fromOtherApp = app(w2).login(other, PASSWORD, Map.of());
        Tokens approved = app(w).login(other, PASSWORD, Map.of());
        Tokens relabelled = app(w3).login(other, PASSWORD, Map.of());
        TOKENS.putAll(Map.of("silver", silver.accessToken(), "unverified", unverified.accessToken(), "tos1", tos1.accessToken(),
                "terms", terms.accessToken(), "relabelled", relabelled.accessToken()));
        webApp = w;
        Tokens demoSpa = OidcClient.spa(server).login(other, PASSWORD, Map.of());
        String masterToken = admin.keycloak().tokenManager().getAccessTokenString();
        Supplier<String> freshToken = () -> app(w).login(fresh, PASSWORD, Map.of()).accessTokenJwt();

        Api apiA = start("A", a);
        Api apiB = start("B", b);
        Api apiC = start("C", c);
        Api apiD = start("D", d);

        // A, the plain operation: the policy alone
        situation("a password login with every required claim (a list, a number)", apiA, "/plain", silver, Set.of(), null);
        situation("after step-up", apiA, "/plain", gold, Set.of(), null);
        situation("claim missing", apiA, "/plain", noDepartment, Set.of("department"), "insufficient_claims");
        situation("claim with a value the policy does not accept", apiA, "/plain", sales, Set.of("department"), "insufficient_claims");
        situation("email_verified false in the token", apiA, "/plain", unverified, Set.of("email_verified"), "insufficient_claims");
        situation("a list without the accepted value", apiA, "/plain", red, Set.of("teams"), "insufficient_claims");
        situation("another number", apiA, "/plain", clearance2, Set.of("clearance"), "insufficient_claims");
        situation("a client with its own acr.loa.map", apiA, "/plain", relabelled, Set.of(), null);
        // A's operations with contexts: annotation, DSL, both
        situation("context unmet before step-up", apiA, "/strong", silver, Set.of(C1), "insufficient_claims");
        situation("context met after step-up", apiA, "/strong", gold, Set.of(), null);
        situation("context unmet: the client calls level 1 gold", apiA, "/strong", relabelled, Set.of(C1), "insufficient_claims");
        situation("context and a claim unmet", apiA, "/strong", noDepartment, Set.of("department", C1), "insufficient_claims");
        situation("authentication too old", apiA, "/recent", silver, Set.of(RECENT), "insufficient_claims");
        situation("authentication recent", apiA, "/recent", freshToken, Set.of(), null);
        situation("two contexts unmet", apiA, "/both", silver, Set.of(RECENT, C1), "insufficient_claims");
        situation("stepped up, but too long ago", apiA, "/both", gold, Set.of(RECENT), "insufficient_claims");
        situation("recent, not stepped up", apiA, "/both", freshToken, Set.of(C1), "insufficient_claims");
        situation("a context's claim not requested, so not in the token", apiA, "/terms", silver, Set.of(TERMS), "insufficient_claims");
        situation("a context requested at login and met", apiA, "/terms", terms, Set.of(), null);
        situation("a context requested, the user's value not accepted", apiA, "/terms", tos1, Set.of(TERMS), "insufficient_claims");
        // B: approved clients
        situation("an approved client", apiB, "/plain", approved, Set.of(), null);
        situation("a client the API does not approve", apiB, "/plain", fromOtherApp, Set.of("client_id"), "invalid_token");
        // C: the API's own map
        situation("acr too low for the API's own map", apiC, "/plain", silver, Set.of("acr"), "insufficient_user_authentication");
        situation("acr met through the API's own map", apiC, "/plain", gold, Set.of(), null);
        situation("a client's own gold is level 1", apiC, "/plain", relabelled, Set.of("acr"), "insufficient_user_authentication");
        // D: numbers and strings compare as the engine compares them, on both sides
        situation("numbers vs strings", apiD, "/plain", silver, Set.of("grade", "rank"), "insufficient_claims");
        situation("numbers vs strings, another number", apiD, "/plain", clearance2, Set.of("grade", "rank"), "insufficient_claims");
        // tokens that are not valid for A: invalid_token from both
        situation("expired", apiA, "/plain", expired, null, "invalid_token");
        situation("for another audience (demo-api)", apiA, "/plain", demoSpa, null, "invalid_token");
        situation("another app's token without A in aud", apiA, "/plain", fromOtherApp, null, "invalid_token");
        situation("an ID token", apiA, "/plain", () -> (String) silver.json().get("id_token"), null, "invalid_token");
        situation("a refresh token", apiA, "/plain", silver::refreshTokenJwt, null, "invalid_token");
        situation("another token's signature", apiA, "/plain", () -> resigned(silver.accessTokenJwt(), noDepartment.accessTokenJwt()),
                null, "invalid_token");
        situation("a token of the master realm", apiA, "/plain", () -> masterToken, null, "invalid_token");
        situation("not a JWT", apiA, "/plain", () -> "not-a-jwt", null, "invalid_token");
        situation("no token", apiA, "/plain", () -> null, null, "");
        situation("no token, another API", apiC, "/strong", () -> null, null, "");

        // the old tokens must be older than RECENT_MAX_AGE, with a margin, when judged; the expired one long expired
        sleepUntil(oldest.plusSeconds(RECENT_MAX_AGE + 2));
        sleepUntil(goldAt.plusSeconds(RECENT_MAX_AGE + 2));
    }

    @AfterAll
    static void stopApis() {
        APIS.forEach(api -> api.context().close());
    }

    static Stream<Situation> situations() {
        return SITUATIONS.stream();
    }

    @Test
    void atLeastThirtySituations() {
        assertTrue(SITUATIONS.size() >= 30, SITUATIONS.size() + " situations");
    }

    /** The claims the situations' names speak of are in the tokens as they say (else a situation proves less). */
    @Test
    void theTokensAreWhatTheSituationsSay() {
        Map<String, Object> silver = TOKENS.get("silver");
        assertAll(
                () -> assertEquals(List.of("red", "blue"), silver.get("teams"), "a list-valued claim: " + silver),
                () -> assertEquals(3L, silver.get("clearance"), "a number: " + silver),
                () -> assertEquals(7L, silver.get("level"), "the attribute as a number: " + silver),
                // Keycloak adds a required claim only with an accepted value: the string "7" is not the number 7
                () -> assertNull(silver.get("grade"), "the attribute as a string: " + silver),
                () -> assertNull(silver.get("tos_version"), "not requested: " + silver),
                () -> assertEquals(false, TOKENS.get("unverified").get("email_verified"), "a wrong value in the token: " + TOKENS.get("unverified")),
                () -> assertEquals("2", TOKENS.get("terms").get("tos_version"), String.valueOf(TOKENS.get("terms"))),
                () -> assertEquals(List.of(TERMS), TOKENS.get("terms").get("acrs"), String.valueOf(TOKENS.get("terms"))),
                () -> assertNull(TOKENS.get("tos1").get("acrs"), String.valueOf(TOKENS.get("tos1"))),
                () -> assertEquals("gold", TOKENS.get("relabelled").get("acr"), "the app's own label for a password: " + TOKENS.get("relabelled")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("situations")
    @SuppressWarnings("unchecked")
    void theLibraryAnswersAsEvaluate(Situation situation) {
        String token = situation.token().get();
        HTTPResponse library = call(situation.api(), situation.path(), token);
        List<String> challenges = library.getHeaderValues("WWW-Authenticate");
        String challenge = challenges == null || challenges.isEmpty() ? null : challenges.get(0);
        assertTrue(challenges == null || challenges.size() <= 1, "one challenge: " + challenges);

        if (token == null) {
            // evaluate needs a token; the policy document carries the challenge an RS sends without one
            assertEquals(401, library.getStatusCode(), library.getBody());
            assertEquals(policyDocument(situation.api()).get("www_authenticate"), challenge);
            assertFalse(challenge.contains("error="), "RFC 6750 section 3.1: no error without a token: " + challenge);
            return;
        }
        Map<String, Object> evaluate = evaluate(situation.api(), token, situation.contexts());
        String evaluated = (String) evaluate.get("www_authenticate");
        if (Boolean.TRUE.equals(evaluate.get("satisfied"))) {
            assertEquals(200, library.getStatusCode(), "evaluate: satisfied; the library: " + challenge);
            assertEquals(situation.path().substring(1), library.getBody(), "the operation itself answered");
            assertNull(challenge);
        } else {
            assertEquals(401, library.getStatusCode(), "evaluate: " + evaluate + "; the library: " + library.getBody());
            assertEquals(evaluated, challenge, "the challenge, byte for byte");
        }
        if (Boolean.TRUE.equals(evaluate.get("active"))) {
            // what the filter judged, from the document it holds: the same missing, in the same order
            PolicyDocument document = situation.api().context().getBean(PolicyDocumentClient.class).current();
            Judgement judgement = situation.api().context().getBean(TokenJudge.class).judge(document,
                    TokenPayload.claims(token), situation.contexts(), Instant.now().getEpochSecond());
            assertEquals(evaluate.get("missing"), judgement.missing());
            assertEquals(evaluate.get("satisfied"), judgement.satisfied());
        }

        // and the situation is what its name says
        if (situation.missing() == null) {
            assertEquals(false, evaluate.get("active"), "expected an inactive token: " + evaluate);
        } else {
            assertEquals(true, evaluate.get("active"), String.valueOf(evaluate));
            assertEquals(situation.missing(), Set.copyOf((List<String>) evaluate.get("missing")), String.valueOf(evaluate));
        }
        assertEquals(situation.error(), error(evaluated), evaluated);
    }

    /**
     * By design the library judges the signed token alone; evaluate also asks Keycloak's records.
     * A token whose session was logged out is inactive for evaluate (and introspection) until it
     * expires, while the library lets it through: an API that must honour logouts at once calls
     * evaluate or introspection (docs/protocol.md, "Judging locally").
     */
    @Test
    void aLoggedOutSessionIsWhereTheLibraryCannotAgree() {
        Api apiA = APIS.get(0);
        String name = user("loggedout", Map.of("department", List.of("finance"), "teams", List.of("blue"), "clearance", List.of("3")), true);
        Tokens tokens = app(webApp).login(name, PASSWORD, Map.of());
        assertEquals(200, call(apiA, "/plain", tokens.accessTokenJwt()).getStatusCode(), "before the logout both let it through");
        assertEquals(true, evaluate(apiA, tokens.accessTokenJwt(), List.of()).get("satisfied"));

        admin.realm().users().get(admin.realm().users().search(name, true).get(0).getId()).logout();

        Map<String, Object> evaluate = evaluate(apiA, tokens.accessTokenJwt(), List.of());
        assertEquals(false, evaluate.get("active"), "evaluate asks the session: " + evaluate);
        HTTPResponse library = call(apiA, "/plain", tokens.accessTokenJwt());
        assertEquals(200, library.getStatusCode(), "the library sees a valid signed token until it expires");
    }

    // --- the two judges ----------------------------------------------------------------------------

    private static HTTPResponse call(Api api, String path, String token) {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, URI.create(api.baseUrl() + path));
        if (token != null) {
            request.setAuthorization("Bearer " + token);
        }
        return Browser.send(request);
    }

    /** evaluate as the API's client, with each context as a repeated {@code context} parameter, in order. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> evaluate(Api api, String token, List<String> contexts) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("token", List.of(token));
        if (!contexts.isEmpty()) {
            form.put("context", contexts);
        }
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, URI.create(server.realmUrl() + "/claims-challenge/evaluate"));
        request.setEntityContentType(com.nimbusds.common.contenttype.ContentType.APPLICATION_URLENCODED);
        request.setBody(URLUtils.serializeParameters(form));
        new ClientSecretBasic(new ClientID(api.clientId()), new Secret(SECRET)).applyTo(request);
        HTTPResponse response = Browser.send(request);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return AdminApi.read(response.getBody(), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> policyDocument(Api api) {
        return new OidcClient(server, api.clientId(), SECRET, null).get("/claims-challenge/policy").json();
    }

    private static String error(String challenge) {
        if (challenge == null) {
            return null;
        }
        Matcher error = Pattern.compile("error=\"([^\"]*)\"").matcher(challenge);
        return error.find() ? error.group(1) : "";
    }

    // --- set-up, through Keycloak's admin API --------------------------------------------------------

    private static void situation(String name, Api api, String path, Tokens tokens, Set<String> missing, String error) {
        situation(name, api, path, tokens::accessTokenJwt, missing, error);
    }

    private static void situation(String name, Api api, String path, Supplier<String> token, Set<String> missing, String error) {
        List<String> contexts = switch (path) {
            case "/strong" -> List.of(C1);
            case "/recent" -> List.of(RECENT);
            case "/terms" -> List.of(TERMS);
            case "/both" -> List.of(RECENT, C1);
            default -> List.of();
        };
        SITUATIONS.add(new Situation(name, api, path, contexts, token, missing, error));
    }

    private static Api start(String name, String clientId) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.main.banner-mode", "off");
        properties.put("claims-challenge.issuer-uri", server.realmUrl());
        properties.put("claims-challenge.client-id", clientId);
        properties.put("claims-challenge.client-secret", SECRET);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(AgreementApi.class).properties(properties).run();
        Api api = new Api(name, clientId, context, "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
        APIS.add(api);
        return api;
    }

    private static void context(String id, String json) {
        HttpResponse<String> put = admin.send("PUT", "/realms/" + KeycloakServer.REALM + "/claims-challenge-contexts/" + id, json);
        assertEquals(2, put.statusCode() / 100, put.body());
    }

    private static String apiClient(String tag, Map<String, String> attributes, List<Map<String, Object>> mappers) {
        String clientId = "agree-" + tag + "-api-" + System.nanoTime();
        admin.createClient(Map.of("clientId", clientId, "publicClient", false, "secret", SECRET, "standardFlowEnabled", false,
                "directAccessGrantsEnabled", false, "attributes", attributes, "protocolMappers", mappers));
        return clientId;
    }

    private static void policy(String api, String fields) {
        HttpResponse<String> response = admin.send("POST", "/realms/" + KeycloakServer.REALM + "/claims-challenge-policies",
                "{\"client_id\":\"" + api + "\"," + fields + "}");
        assertEquals(201, response.statusCode(), response.body());
    }

    /** A public app like demo-spa (PKCE, tos_version mapper) whose tokens carry {@code apis} in aud. */
    private static String webClient(String tag, Map<String, String> attributes, String... apis) {
        String clientId = admin.createSpaLikeClient("agree-" + tag + "-" + System.nanoTime(), attributes);
        for (String api : apis) {
            admin.addProtocolMapper(clientId, Map.of("name", api + " audience", "protocol", "openid-connect",
                    "protocolMapper", "oidc-audience-mapper", "config", Map.of("included.client.audience", api,
                            "access.token.claim", "true", "introspection.token.claim", "true")));
        }
        return clientId;
    }

    private static OidcClient app(String clientId) {
        return new OidcClient(server, clientId, null, OidcClient.DEFAULT_REDIRECT_URI);
    }

    private static Map<String, Object> attributeMapper(String claim, String attribute, String type, boolean multivalued) {
        return Map.of("name", claim, "protocol", "openid-connect", "protocolMapper", "oidc-usermodel-attribute-mapper",
                "config", Map.of("user.attribute", attribute, "claim.name", claim, "jsonType.label", type,
                        "multivalued", String.valueOf(multivalued), "access.token.claim", "true", "introspection.token.claim", "true",
                        "id.token.claim", "false"));
    }

    private static String user(String tag, Map<String, List<String>> attributes, boolean emailVerified) {
        String name = "agree-" + tag + "-" + System.nanoTime();
        UserResource user = admin.realm().users().get(admin.createUser(name, PASSWORD));
        UserRepresentation rep = user.toRepresentation();
        rep.setAttributes(attributes);
        rep.setEmailVerified(emailVerified);
        user.update(rep);
        return name;
    }

    private static Map<String, List<String>> with(Map<String, List<String>> attributes, String name, String value) {
        Map<String, List<String>> changed = new HashMap<>(attributes);
        changed.put(name, List.of(value));
        return changed;
    }

    private static Map<String, List<String>> without(Map<String, List<String>> attributes, String name) {
        Map<String, List<String>> changed = new HashMap<>(attributes);
        changed.remove(name);
        return changed;
    }

    /** {@code token}'s header and payload under {@code other}'s signature: well-formed, signed by the realm's key, not valid. */
    private static String resigned(String token, String other) {
        return token.substring(0, token.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = when.toEpochMilli() - System.currentTimeMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}

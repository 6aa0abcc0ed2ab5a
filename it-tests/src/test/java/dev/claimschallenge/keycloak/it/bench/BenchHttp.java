package dev.claimschallenge.keycloak.it.bench;

import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.keycloak.util.JsonSerialization;

/**
 * The benchmark's own HTTP: every request of every thread goes through ONE {@link HttpClient}
 * (HTTP/1.1, connections kept alive and pooled), so that the load generator's cost per request
 * is small and the same on both sides of a pair. Cookies of a login are kept per flow, by hand:
 * a shared cookie store would let one login's SSO cookie skip the next login's form.
 */
final class BenchHttp {

    static final String REDIRECT_URI = "http://localhost:8081/callback";
    static final String USER = "alice";
    static final String PASSWORD = "alice-password";
    static final String API = "demo-api";
    static final String API_SECRET = "demo-api-secret";

    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*>");
    private static final Pattern ACTION = Pattern.compile("action=\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakServer server;
    private final HttpClient http;

    record Tokens(String accessToken, String refreshToken, Map<String, Object> accessTokenClaims) {
    }

    BenchHttp(KeycloakServer server) {
        this.server = server;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** A refresh-token grant of a public client; the new access token's claims. */
    Map<String, Object> refresh(String clientId, String refreshToken) throws Exception {
        return claims(refreshedAccessToken(clientId, refreshToken));
    }

    /** A refresh-token grant of a public client; the new access token. */
    String refreshedAccessToken(String clientId, String refreshToken) throws Exception {
        Map<String, Object> json = json(post(server.oidcEndpoint("token"), null,
                Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken)), 200);
        return (String) json.get("access_token");
    }

    /** RFC 7662 introspection as the API; the token must be active (an expired one takes a cheaper path). */
    Map<String, Object> introspect(String token) throws Exception {
        return active(json(post(server.oidcEndpoint("token/introspect"), basic(API, API_SECRET), Map.of("token", token)), 200));
    }

    /** The extension's evaluate endpoint as the API; the token must be active. */
    Map<String, Object> evaluate(String token) throws Exception {
        return active(json(post(URI.create(server.realmUrl() + "/claims-challenge/evaluate"), basic(API, API_SECRET),
                Map.of("token", token)), 200));
    }

    private static Map<String, Object> active(Map<String, Object> answer) {
        if (!Boolean.TRUE.equals(answer.get("active"))) {
            throw new AssertionError("the token is not active (expired?): " + answer);
        }
        return answer;
    }

    /**
     * A whole authorization code flow with PKCE as a browser does it: the login page, the form
     * post, the code exchange. {@code claims} is the request's claims parameter, or {@code null}.
     */
    Tokens codeFlow(String clientId, String claims) throws Exception {
        String verifier = random(32);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", clientId);
        query.put("redirect_uri", REDIRECT_URI);
        query.put("response_type", "code");
        query.put("scope", "openid");
        query.put("state", random(12));
        query.put("nonce", random(12));
        query.put("code_challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII))));
        query.put("code_challenge_method", "S256");
        if (claims != null) {
            query.put("claims", claims);
        }
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(server.oidcEndpoint("auth") + "?" + form(query))).GET());
        if (page.statusCode() != 200) {
            throw new AssertionError("login page answered " + page.statusCode() + ": " + page.body());
        }
        List<String> cookies = cookies(page, new ArrayList<>());
        Matcher formTag = LOGIN_FORM.matcher(page.body());
        Matcher action = formTag.find() ? ACTION.matcher(formTag.group()) : null;
        if (action == null || !action.find()) {
            throw new AssertionError("no login form on the page: " + page.body());
        }
        HttpResponse<String> submitted = send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Cookie", String.join("; ", cookies))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", USER, "password", PASSWORD, "credentialId", "")))));
        String location = submitted.headers().firstValue("Location").orElse("");
        if (submitted.statusCode() != 302 || !location.startsWith(REDIRECT_URI)) {
            throw new AssertionError("login answered " + submitted.statusCode() + " " + location + ": " + submitted.body());
        }
        String code = query(URI.create(location)).get("code");
        Map<String, Object> json = json(post(server.oidcEndpoint("token"), null, Map.of("grant_type", "authorization_code",
                "client_id", clientId, "code", code, "redirect_uri", REDIRECT_URI, "code_verifier", verifier)), 200);
        String accessToken = (String) json.get("access_token");
        return new Tokens(accessToken, (String) json.get("refresh_token"), claims(accessToken));
    }

    /** A call of Keycloak's admin REST API with a bearer token; the response. */
    HttpResponse<String> admin(String method, String path, String bearer, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/realms" + path))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JsonSerialization.writeValueAsString(body)));
        return send(request);
    }

    /** An admin access token of the master realm (admin-cli, password grant). */
    String adminToken() throws Exception {
        URI token = URI.create(server.baseUrl() + "/realms/master/protocol/openid-connect/token");
        return (String) json(post(token, null, Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", dev.claimschallenge.keycloak.it.support.ItConfig.ADMIN_USER,
                "password", dev.claimschallenge.keycloak.it.support.ItConfig.ADMIN_PASSWORD)), 200).get("access_token");
    }

    private HttpResponse<String> post(URI uri, String authorization, Map<String, String> body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(body)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> response, int expected) throws Exception {
        if (response.statusCode() != expected) {
            throw new AssertionError(response.request().uri().getPath() + " answered " + response.statusCode() + ": " + response.body());
        }
        return JsonSerialization.readValue(response.body(), Map.class);
    }

    /** The payload of a JWT (not verified: Keycloak issued it moments ago on loopback). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> claims(String jwt) throws Exception {
        return JsonSerialization.readValue(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), Map.class);
    }

    private static List<String> cookies(HttpResponse<?> response, List<String> into) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            into.add(header.split(";", 2)[0]);
        }
        return into;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((encode(user) + ":" + encode(password)).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String part : uri.getRawQuery().split("&")) {
            String[] pair = part.split("=", 2);
            query.put(URLDecoder.decode(pair[0], StandardCharsets.UTF_8), pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : "");
        }
        return query;
    }

    static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}

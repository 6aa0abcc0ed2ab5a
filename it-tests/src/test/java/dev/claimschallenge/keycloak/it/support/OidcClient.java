package dev.claimschallenge.keycloak.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.keycloak.util.JsonSerialization;

/**
 * An OIDC client of the example realm doing the real authorization code flow with PKCE over HTTP:
 * {@code authorize} opens Keycloak's login page in a {@link Browser}, the test fills in the forms
 * Keycloak actually renders, and {@code exchange} redeems the code.
 */
public final class OidcClient {

    public static final String DEFAULT_REDIRECT_URI = "http://localhost:8081/callback";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakServer server;
    private final String clientId;
    private final String clientSecret;
    private final String redirectUri;
    private RequestObjectSigner signer;

    public OidcClient(KeycloakServer server, String clientId, String clientSecret, String redirectUri) {
        this.server = server;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.redirectUri = redirectUri;
    }

    /** The example realm's public single-page app. */
    public static OidcClient spa(KeycloakServer server) {
        return new OidcClient(server, "demo-spa", null, DEFAULT_REDIRECT_URI);
    }

    /** The example realm's confidential web app. */
    public static OidcClient web(KeycloakServer server) {
        return new OidcClient(server, "demo-web", "demo-web-secret", DEFAULT_REDIRECT_URI);
    }

    public String clientId() {
        return clientId;
    }

    /** Sends the authorization request, with {@code extra} parameters added or overriding the defaults. */
    public AuthorizationFlow authorize(Browser browser, Map<String, String> extra) {
        return authorize(browser, extra, false);
    }

    /**
     * Pushes the authorization request (RFC 9126, PAR) as this client, then opens Keycloak's login
     * page with the returned {@code request_uri}.
     */
    public AuthorizationFlow authorizePushed(Browser browser, Map<String, String> extra) {
        return authorize(browser, extra, true);
    }

    /**
     * Sends the authorization request as a signed request object (JAR): every parameter in the
     * JWT ({@code claims} as a JSON object), only client_id, response_type, scope and request in the query.
     */
    public AuthorizationFlow authorizeWithRequestObject(Browser browser, Map<String, String> extra, RequestObjectSigner signer) {
        this.signer = signer;
        try {
            return authorize(browser, extra, false);
        } finally {
            this.signer = null;
        }
    }

    private AuthorizationFlow authorize(Browser browser, Map<String, String> extra, boolean pushed) {
        String state = random(16);
        String verifier = random(32);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", clientId);
        parameters.put("redirect_uri", redirectUri);
        parameters.put("scope", "openid");
        parameters.put("state", state);
        parameters.put("nonce", random(16));
        parameters.put("code_challenge", challenge(verifier));
        parameters.put("code_challenge_method", "S256");
        parameters.putAll(extra);
        parameters.values().removeIf(java.util.Objects::isNull); // an extra null leaves a default out (e.g. no nonce)
        if (pushed) {
            parameters.remove("client_id"); // sent with the client authentication
            Tokens par = postJson(server.oidcEndpoint("ext/par/request"), parameters);
            if (par.status() != 201) {
                throw new AssertionError("PAR answered " + par.status() + ": " + par.json());
            }
            parameters = new LinkedHashMap<>();
            parameters.put("client_id", clientId);
            parameters.put("request_uri", (String) par.json().get("request_uri"));
        }
        if (signer != null) {
            Map<String, Object> payload = new LinkedHashMap<>(parameters);
            payload.put("iss", clientId);
            payload.put("aud", server.realmUrl());
            if (parameters.containsKey("claims")) {
                // a JSON tree: Keycloak's mapper would drop the nulls of a plain map ({"email": null})
                payload.put("claims", AdminApi.read(parameters.get("claims"), com.fasterxml.jackson.databind.JsonNode.class));
            }
            parameters = new LinkedHashMap<>();
            parameters.put("client_id", clientId);
            parameters.put("response_type", "code");
            parameters.put("scope", (String) payload.get("scope"));
            parameters.put("request", signer.sign(payload));
        }
        URI uri = URI.create(server.oidcEndpoint("auth") + "?" + Browser.formEncode(parameters));
        return new AuthorizationFlow(browser, redirectUri, state, verifier).start(uri);
    }

    public AuthorizationFlow authorize(Browser browser) {
        return authorize(browser, Map.of());
    }

    /** Logs in with a fresh browser and returns the tokens: the common case in one call. */
    public Tokens login(String username, String password, Map<String, String> extra) {
        AuthorizationFlow flow = authorize(new Browser(), extra).login(username, password);
        return exchange(flow);
    }

    /** Redeems the flow's authorization code at the token endpoint. */
    public Tokens exchange(AuthorizationFlow flow) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", flow.code());
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", flow.codeVerifier());
        return token(form);
    }

    /** A refresh-token grant, with optional extra parameters (e.g. {@code claims}). */
    public Tokens refresh(String refreshToken, Map<String, String> extra) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.putAll(extra);
        return token(form);
    }

    /** Any request to the token endpoint, authenticated as this client. */
    public Tokens token(Map<String, String> form) {
        return postJson(server.oidcEndpoint("token"), form);
    }

    /** A resource-owner password grant (only for clients that allow it, such as each realm's admin-cli). */
    public Tokens password(String username, String password) {
        return token(Map.of("grant_type", "password", "username", username, "password", password));
    }

    /** RFC 7662 introspection, authenticated as this client. */
    public Tokens introspect(String token) {
        return postJson(server.oidcEndpoint("token/introspect"), Map.of("token", token));
    }

    /** GET any endpoint of the realm, authenticated as this client (HTTP Basic), expecting JSON. */
    public Tokens get(String realmPath) {
        String basic = Browser.encode(clientId) + ":" + Browser.encode(clientSecret);
        HttpResponse<String> response = new Browser().send(HttpRequest.newBuilder(URI.create(server.realmUrl() + realmPath))
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)))
                .GET());
        return new Tokens(response.statusCode(), parse(response));
    }

    /** POST to any endpoint of the realm, authenticated as this client, expecting JSON. */
    public Tokens postJson(String realmPath, Map<String, String> form) {
        return postJson(URI.create(server.realmUrl() + realmPath), form);
    }

    private Tokens postJson(URI uri, Map<String, String> form) {
        Map<String, String> body = new LinkedHashMap<>(form);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (clientSecret == null) {
            body.put("client_id", clientId);
        } else {
            String basic = Browser.encode(clientId) + ":" + Browser.encode(clientSecret);
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = new Browser().send(request.POST(HttpRequest.BodyPublishers.ofString(Browser.formEncode(body))));
        return new Tokens(response.statusCode(), parse(response));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(HttpResponse<String> response) {
        Optional<String> type = response.headers().firstValue("Content-Type");
        if (type.isEmpty() || !type.get().startsWith("application/json")) {
            throw new AssertionError("Expected JSON but got HTTP " + response.statusCode() + " " + type.orElse("")
                    + ":\n" + response.body());
        }
        try {
            return JsonSerialization.readValue(response.body(), Map.class);
        } catch (IOException e) {
            throw new AssertionError("invalid JSON: " + response.body(), e);
        }
    }

    private static String random(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

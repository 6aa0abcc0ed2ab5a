package dev.claimschallenge.keycloak.it.support;

import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.util.MultivaluedMapUtils;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OIDC client of the example realm doing the real authorization code flow with PKCE over HTTP,
 * its requests built and answers read by the Nimbus OAuth 2.0 SDK: {@code authorize} opens
 * Keycloak's login page in a {@link Browser}, the test fills in the forms Keycloak actually
 * renders, and {@code exchange} redeems the code.
 */
public final class OidcClient {

    public static final String DEFAULT_REDIRECT_URI = "http://localhost:8081/callback";

    private final KeycloakServer server;
    private final ClientID clientId;
    private final ClientAuthentication auth;
    private final URI redirectUri;

    public OidcClient(KeycloakServer server, String clientId, String clientSecret, String redirectUri) {
        this.server = server;
        this.clientId = new ClientID(clientId);
        this.auth = clientSecret == null ? null : new ClientSecretBasic(this.clientId, new Secret(clientSecret));
        this.redirectUri = redirectUri == null ? null : URI.create(redirectUri); // null: a client without browser flows
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
        return clientId.getValue();
    }

    public AuthorizationFlow authorize(Browser browser) {
        return authorize(browser, Map.of());
    }

    /** Sends the authorization request; {@code extra} parameters are added or override the defaults (null: left out). */
    public AuthorizationFlow authorize(Browser browser, Map<String, String> extra) {
        return authorize(browser, extra, false, null);
    }

    /** Pushes the authorization request (RFC 9126, PAR), then opens the login page with the {@code request_uri}. */
    public AuthorizationFlow authorizePushed(Browser browser, Map<String, String> extra) {
        return authorize(browser, extra, true, null);
    }

    /**
     * Sends the authorization request as a signed request object (JAR): every parameter in the
     * JWT ({@code claims} as a JSON object), only client_id, response_type, scope and request in the query.
     */
    public AuthorizationFlow authorizeWithRequestObject(Browser browser, Map<String, String> extra, RequestObjectSigner signer) {
        return authorize(browser, extra, false, signer);
    }

    private AuthorizationFlow authorize(Browser browser, Map<String, String> extra, boolean pushed, RequestObjectSigner signer) {
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        Map<String, List<String>> parameters = new LinkedHashMap<>(new AuthorizationRequest.Builder(ResponseType.CODE, clientId)
                .redirectionURI(redirectUri).scope(new Scope("openid")).state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256).customParameter("nonce", new Nonce().getValue())
                .build().toParameters());
        extra.forEach((name, value) -> {
            if (value == null) {
                parameters.remove(name);
            } else {
                parameters.put(name, List.of(value));
            }
        });
        Map<String, List<String>> query = parameters;
        try {
            if (pushed) {
                URI endpoint = server.oidcEndpoint("ext/par/request");
                AuthorizationRequest request = AuthorizationRequest.parse(parameters);
                HTTPResponse answer = Browser.send((auth == null ? new PushedAuthorizationRequest(endpoint, request)
                        : new PushedAuthorizationRequest(endpoint, auth, request)).toHTTPRequest());
                PushedAuthorizationResponse par = PushedAuthorizationResponse.parse(answer);
                if (!par.indicatesSuccess()) {
                    throw new AssertionError("PAR answered " + answer.getStatusCode() + ": " + answer.getBody());
                }
                query = Map.of("client_id", List.of(clientId()),
                        "request_uri", List.of(par.toSuccessResponse().getRequestURI().toString()));
            }
            if (signer != null) {
                Map<String, Object> payload = new LinkedHashMap<>(MultivaluedMapUtils.toSingleValuedMap(parameters));
                payload.put("iss", clientId());
                payload.put("aud", server.realmUrl());
                if (payload.get("claims") instanceof String claims) {
                    payload.put("claims", JSONObjectUtils.parse(claims)); // a JSON object, its nulls ({"email": null}) kept
                }
                query = Map.of("client_id", List.of(clientId()), "response_type", List.of("code"),
                        "scope", parameters.get("scope"), "request", List.of(signer.sign(payload)));
            }
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
        URI uri = URI.create(server.oidcEndpoint("auth") + "?" + URLUtils.serializeParameters(query));
        return new AuthorizationFlow(browser, redirectUri.toString(), state.getValue(), verifier.getValue()).start(uri);
    }

    /** Logs in with a fresh browser and returns the tokens: the common case in one call. */
    public Tokens login(String username, String password, Map<String, String> extra) {
        return exchange(authorize(new Browser(), extra).login(username, password));
    }

    /** Redeems the flow's authorization code at the token endpoint. */
    public Tokens exchange(AuthorizationFlow flow) {
        return token(new AuthorizationCodeGrant(new AuthorizationCode(flow.code()), redirectUri,
                new CodeVerifier(flow.codeVerifier())), Map.of());
    }

    /** A refresh-token grant, with optional extra parameters (e.g. {@code claims}). */
    public Tokens refresh(String refreshToken, Map<String, String> extra) {
        return token(new RefreshTokenGrant(new RefreshToken(refreshToken)), extra);
    }

    /** A resource-owner password grant (only for clients that allow it, such as each realm's admin-cli). */
    public Tokens password(String username, String password) {
        return token(new ResourceOwnerPasswordCredentialsGrant(username, new Secret(password)), Map.of());
    }

    /** Any grant Nimbus describes (client_credentials, a code without PKCE, ...), with optional extra parameters. */
    public Tokens token(AuthorizationGrant grant, Map<String, String> extra) {
        TokenRequest.Builder request = auth == null ? new TokenRequest.Builder(server.oidcEndpoint("token"), clientId, grant)
                : new TokenRequest.Builder(server.oidcEndpoint("token"), auth, grant);
        extra.forEach(request::customParameter);
        return tokens(Browser.send(request.build().toHTTPRequest()));
    }

    /** RFC 7662 introspection, authenticated as this client. */
    public Tokens introspect(String token) {
        return tokens(Browser.send(new TokenIntrospectionRequest(server.oidcEndpoint("token/introspect"), auth,
                new TypelessAccessToken(token)).toHTTPRequest()));
    }

    /** GET any endpoint of the realm, authenticated as this client (HTTP Basic), expecting JSON. */
    public Tokens get(String realmPath) {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, URI.create(server.realmUrl() + realmPath));
        return tokens(Browser.send(authenticated(request)));
    }

    /** POST a form to any endpoint of the realm, authenticated as this client, expecting JSON. */
    public Tokens postJson(String realmPath, Map<String, String> form) {
        Map<String, List<String>> body = new LinkedHashMap<>();
        form.forEach((name, value) -> body.put(name, List.of(value)));
        if (auth == null) {
            body.put("client_id", List.of(clientId())); // a public client names itself in the form
        }
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, URI.create(server.realmUrl() + realmPath));
        request.setEntityContentType(ContentType.APPLICATION_URLENCODED);
        request.setBody(URLUtils.serializeParameters(body));
        return tokens(Browser.send(authenticated(request)));
    }

    /** HTTP Basic for a confidential client. */
    private HTTPRequest authenticated(HTTPRequest request) {
        request.setAccept("application/json");
        if (auth != null) {
            auth.applyTo(request);
        }
        return request;
    }

    private static Tokens tokens(HTTPResponse response) {
        try {
            return new Tokens(response.getStatusCode(), response.getBodyAsJSONObject());
        } catch (ParseException e) {
            throw new AssertionError("Expected JSON but got HTTP " + response.getStatusCode() + " "
                    + response.getHeaderValue("Content-Type") + ":\n" + response.getBody(), e);
        }
    }
}

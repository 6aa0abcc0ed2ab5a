package dev.claimschallenge.keycloak.it.support;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * One authorization request in progress, as a browser sees it: either a Keycloak page (login form,
 * OTP form, error page) or the final redirect back to the client's redirect URI.
 */
public final class AuthorizationFlow {

    private static final int MAX_REDIRECTS = 20;

    private final Browser browser;
    private final String redirectUri;
    private final String state;
    private final String codeVerifier;
    private HttpResponse<String> last;
    private URI lastUri;

    AuthorizationFlow(Browser browser, String redirectUri, String state, String codeVerifier) {
        this.browser = browser;
        this.redirectUri = redirectUri;
        this.state = state;
        this.codeVerifier = codeVerifier;
    }

    /**
     * Opens an authorization request some other client built (e.g. a client library's
     * authorization URL) in {@code browser}; {@code state} is what that request carries.
     */
    public static AuthorizationFlow open(Browser browser, URI authorizationRequest, String redirectUri, String state) {
        return new AuthorizationFlow(browser, redirectUri, state, null).start(authorizationRequest);
    }

        AuthorizationFlow start(URI authorizationRequest) {
        follow(authorizationRequest, browser.get(authorizationRequest));
        return this;
    }

    /** Fills and submits Keycloak's username/password form. */
    public AuthorizationFlow login(String username, String password) {
        return submit("kc-form-login", Map.of("username", username, "password", password));
    }

    /** Submits Keycloak's one-time-code form. */
    public AuthorizationFlow otp(String code) {
        return submit("kc-otp-login-form", Map.of("otp", code));
    }

    /**
     * On Keycloak's "Mobile Authenticator Setup" page (required action CONFIGURE_TOTP), enrols a
     * TOTP device with the secret the page offers and returns that secret.
     */
    public String enrolOtp() {
        Element secret = page().selectFirst("#kc-totp-settings-form input[name=totpSecret]");
        if (secret == null) {
            throw new AssertionError("Not the OTP set-up page: " + lastUri + "\n" + text());
        }
        String value = secret.val();
        submit("kc-totp-settings-form", Map.of("totp", Otp.code(value, 0), "userLabel", "test device"));
        return value;
    }

    /** Submits the form with the given id, keeping its hidden inputs and adding {@code fields}. */
    public AuthorizationFlow submit(String formId, Map<String, String> fields) {
        Document page = page();
        Element form = page.getElementById(formId);
        if (form == null) {
            throw new AssertionError("No form #" + formId + " on the page " + lastUri + ":\n" + text());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            if (!"submit".equals(input.attr("type")) || input.hasAttr("value")) {
                values.put(input.attr("name"), input.val());
            }
        }
        values.putAll(fields);
        URI action = lastUri.resolve(form.attr("action"));
        follow(action, browser.postForm(action, values));
        return this;
    }

    private void follow(URI uri, HttpResponse<String> response) {
        for (int i = 0; i < MAX_REDIRECTS; i++) {
            last = response;
            lastUri = uri;
            Optional<String> location = response.headers().firstValue("Location");
            if (response.statusCode() / 100 != 3 || location.isEmpty()) {
                return;
            }
            URI next = uri.resolve(location.get());
            if (next.toString().startsWith(redirectUri)) {
                lastUri = next;
                return;
            }
            uri = next;
            response = browser.get(next);
        }
        throw new AssertionError("More than " + MAX_REDIRECTS + " redirects, last at " + uri);
    }

    /** True once Keycloak has redirected back to the client. */
    public boolean isCallback() {
        return lastUri.toString().startsWith(redirectUri);
    }

    /** The query parameters of the redirect back to the client (code, state, error, ...). */
    public Map<String, String> callbackParameters() {
        if (!isCallback()) {
            throw new AssertionError("Expected a redirect to " + redirectUri + " but got HTTP " + last.statusCode()
                    + " at " + lastUri + ":\n" + text());
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = lastUri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                parameters.put(name, value);
            }
        }
        return parameters;
    }

    /** The authorization code, after checking the state. */
    public String code() {
        Map<String, String> parameters = callbackParameters();
        if (parameters.containsKey("error")) {
            throw new AssertionError("Authorization failed: " + parameters);
        }
        if (!state.equals(parameters.get("state"))) {
            throw new AssertionError("state mismatch: sent " + state + ", got " + parameters.get("state"));
        }
        return parameters.get("code");
    }

    public Document page() {
        if (isCallback()) {
            throw new AssertionError("Expected a Keycloak page but was redirected to " + lastUri);
        }
        return Jsoup.parse(last.body(), lastUri.toString());
    }

    /** The visible text of the current page. */
    public String text() {
        return isCallback() ? lastUri.toString() : Jsoup.parse(last.body()).text();
    }

    public int status() {
        return last.statusCode();
    }

    public URI uri() {
        return lastUri;
    }

    public String codeVerifier() {
        return codeVerifier;
    }
}

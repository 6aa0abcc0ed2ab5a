package dev.claimschallenge.keycloak.it.support;

import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.util.MultivaluedMapUtils;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Connection;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;

/**
 * One authorization request in progress, as a browser sees it: either a Keycloak page (login form,
 * OTP form, error page) or the final redirect back to the client's redirect URI.
 */
public final class AuthorizationFlow {

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

    /** Opens an authorization request another client built (e.g. a client library); {@code state} is what it carries. */
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

    /** On Keycloak's OTP set-up page (required action CONFIGURE_TOTP), enrols the offered secret and returns it. */
    public String enrolOtp() {
        Element secret = page().selectFirst("#kc-totp-settings-form input[name=totpSecret]");
        if (secret == null) {
            throw new AssertionError("Not the OTP set-up page: " + lastUri + "\n" + text());
        }
        submit("kc-totp-settings-form", Map.of("totp", Otp.code(secret.val(), 0), "userLabel", "test device"));
        return secret.val();
    }

    /** Submits the form with the given id as a browser would (jsoup collects its fields), with {@code fields} set. */
    public AuthorizationFlow submit(String formId, Map<String, String> fields) {
        if (!(page().getElementById(formId) instanceof FormElement form)) {
            throw new AssertionError("No form #" + formId + " on the page " + lastUri + ":\n" + text());
        }
        Map<String, String> values = new LinkedHashMap<>();
        form.formData().forEach((Connection.KeyVal field) -> values.put(field.key(), field.value()));
        values.putAll(fields);
        URI action = lastUri.resolve(form.attr("action"));
        follow(action, browser.postForm(action, values));
        return this;
    }

    /** Follows redirects like a browser, up to the first one back to the client. */
    private void follow(URI uri, HttpResponse<String> response) {
        for (int i = 0; i < 20; i++) {
            last = response;
            lastUri = uri;
            String location = response.headers().firstValue("Location").orElse(null);
            if (response.statusCode() / 100 != 3 || location == null) {
                return;
            }
            lastUri = uri.resolve(location);
            if (isCallback()) {
                return;
            }
            uri = lastUri;
            response = browser.get(uri);
        }
        throw new AssertionError("More than 20 redirects, last at " + uri);
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
        return MultivaluedMapUtils.toSingleValuedMap(URLUtils.parseParameters(lastUri.getRawQuery()));
    }

    /** The authorization code, after checking the state. */
    public String code() {
        Map<String, String> parameters = callbackParameters();
        try {
            AuthorizationResponse response = AuthorizationResponse.parse(lastUri);
            if (!response.indicatesSuccess()) {
                throw new AssertionError("Authorization failed: " + parameters);
            }
            if (!state.equals(response.getState().getValue())) {
                throw new AssertionError("state mismatch: sent " + state + ", got " + response.getState());
            }
            return response.toSuccessResponse().getAuthorizationCode().getValue();
        } catch (ParseException e) {
            throw new AssertionError("Not an authorization response: " + lastUri, e);
        }
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

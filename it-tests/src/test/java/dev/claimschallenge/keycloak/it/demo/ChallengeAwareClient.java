package dev.claimschallenge.keycloak.it.demo;

import dev.claimschallenge.keycloak.it.support.AuthorizationFlow;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client that reacts to claims challenges as the seed proposal asks: on a 401 with a challenge
 * it decodes what is missing, tries the silent path first (refresh-token grant with
 * {@code claims}), re-authorizes interactively when that fails, and retries the call once. It
 * never retries more than once per call.
 */
public final class ChallengeAwareClient {

    private final OidcClient oidc;
    private final Browser browser = new Browser();
    private final Browser http = new Browser();
    /** The person at the keyboard: given a Keycloak page, completes it (login form, OTP, ...). */
    private final UnaryOperator<AuthorizationFlow> user;
    private final List<String> log = new ArrayList<>();
    private Tokens tokens;

    public ChallengeAwareClient(OidcClient oidc, UnaryOperator<AuthorizationFlow> user) {
        this.oidc = oidc;
        this.user = user;
    }

    public HttpResponse<String> call(URI api) {
        HttpResponse<String> first = send(api);
        String challenge = first.headers().firstValue("WWW-Authenticate").orElse(null);
        if (first.statusCode() != 401 || challenge == null) {
            return first;
        }
        log.add("challenge: " + challenge);
        String error = param(challenge, "error");
        String claims = param(challenge, "claims");
        String acrValues = param(challenge, "acr_values");
        String maxAge = param(challenge, "max_age");
        Map<String, String> extra = new LinkedHashMap<>();
        if (claims != null) {
            extra.put("claims", decode(claims));
        } else if (acrValues != null) {
            extra.put("claims", "{\"access_token\":{\"acr\":{\"essential\":true,\"values\":[\""
                    + String.join("\",\"", acrValues.split(" ")) + "\"]}}}");
        }
        if (maxAge != null) {
            extra.put("max_age", maxAge);
        }
        boolean silent = false;
        if (tokens != null && extra.containsKey("claims") && maxAge == null && !"invalid_token".equals(error)) {
            Tokens refreshed = oidc.refresh(tokens.refreshTokenJwt(), Map.of("claims", extra.get("claims")));
            log.add("silent: " + refreshed.status() + " " + (refreshed.status() == 200 ? "" : refreshed.json()));
            if (refreshed.status() == 200) {
                tokens = refreshed;
                silent = true;
            }
        }
        if (!silent) {
            tokens = oidc.exchange(user.apply(oidc.authorize(browser, extra)));
            log.add("interactive: " + tokens.status());
        }
        return send(api); // once: whatever this answers is the answer
    }

    /** The first login, before any call. */
    public Tokens login() {
        tokens = oidc.exchange(user.apply(oidc.authorize(browser, Map.of())));
        return tokens;
    }

    public Tokens tokens() {
        return tokens;
    }

    public List<String> log() {
        return log;
    }

    private HttpResponse<String> send(URI api) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api).GET();
        if (tokens != null) {
            request.header("Authorization", "Bearer " + tokens.accessTokenJwt());
        }
        return http.send(request);
    }

    /** Standard base64 as Entra sends it; base64url accepted too. */
    static String decode(String claims) {
        byte[] bytes = claims.contains("-") || claims.contains("_")
                ? Base64.getUrlDecoder().decode(claims) : Base64.getDecoder().decode(claims);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String param(String header, String name) {
        Matcher m = Pattern.compile("(?:^|[ ,])" + name + "=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(header);
        return m.find() ? m.group(1).replaceAll("\\\\(.)", "$1") : null;
    }
}

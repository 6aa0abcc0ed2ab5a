package dev.claimschallenge.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code WWW-Authenticate: Bearer ...} challenge (RFC 6750 section 3, RFC 9470, and the
 * Microsoft Entra {@code claims} parameter). Every value is sent as an RFC 7235 quoted string of
 * printable ASCII, so that any HTTP stack can send it (Node's {@code res.setHeader} throws on other
 * characters), and no value except {@code claims} (base64) contains a comma, quote, backslash or
 * {@code =}: Microsoft's MSAL.js samples split the header on commas and each parameter on
 * {@code =}, and strip quotes. {@code realm}, {@code authorization_uri} and {@code acr_values}
 * percent-encode (UTF-8) what does not fit; {@code error_description} replaces it.
 */
public record BearerChallenge(String realm, String authorizationUri, String error, String errorDescription,
        String claims, List<String> acrValues, Integer maxAge) {

    public static final String INVALID_TOKEN = "invalid_token";
    public static final String INSUFFICIENT_CLAIMS = "insufficient_claims";
    public static final String INSUFFICIENT_USER_AUTHENTICATION = "insufficient_user_authentication";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    public BearerChallenge {
        acrValues = acrValues == null ? List.of() : List.copyOf(acrValues);
    }

    /** The header value, e.g. {@code Bearer realm="claims-demo", authorization_uri="...", error="..."}. */
    public String toHeaderValue() {
        List<String> params = new ArrayList<>();
        params.add(param("realm", percentEncoded(realm, true)));
        params.add(param("authorization_uri", percentEncoded(authorizationUri, false)));
        if (error != null) {
            params.add(param("error", error));
        }
        if (errorDescription != null) {
            params.add(param("error_description", safeDescription(errorDescription)));
        }
        if (claims != null) {
            params.add(param("claims", claims));
        }
        if (!acrValues.isEmpty()) {
            params.add(param("acr_values", String.join(" ", acrValues.stream().map(acr -> percentEncoded(acr, true).replace(" ", "%20")).toList())));
        }
        if (maxAge != null) {
            params.add(param("max_age", String.valueOf(maxAge)));
        }
        return "Bearer " + String.join(", ", params);
    }

    private static String param(String name, String value) {
        return name + "=\"" + quoted(value == null ? "" : value) + "\"";
    }

    /** RFC 7235 quoted-string content: backslash-escape {@code "} and {@code \}, drop control characters. */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\t' || (c >= 0x20 && c != 0x7f)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * RFC 6750: error_description is %x20-21 / %x23-5B / %x5D-7E; anything else becomes a space or
     * goes. A comma becomes a semicolon and {@code =} a colon (naive parsers split on them).
     */
    static String safeDescription(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',') {
                out.append(';');
            } else if (c == '=') {
                out.append(':');
            } else if (c >= 0x20 && c <= 0x7e && c != '"' && c != '\\') {
                out.append(c);
            } else if (c == '"' || c == '\\' || Character.isWhitespace(c)) {
                out.append(c == '"' ? '\'' : ' ');
            } else {
                out.append('?');
            }
        }
        return out.toString();
    }

    /**
     * Percent-encodes (UTF-8) every character outside printable ASCII and each of {@code , " \ =};
     * for a value that is not a URI {@code %} itself (so it stays reversible), for a URI the space
     * instead (a URI has none, and its {@code %} already starts an escape).
     */
    static String percentEncoded(String value, boolean notAUri) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean safe = c >= 0x20 && c <= 0x7e && c != ',' && c != '"' && c != '\\' && c != '='
                    && (notAUri ? c != '%' : c != ' ');
            if (safe) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}

package dev.claimschallenge.keycloak;

/**
 * RFC 6749 (sections 4.1.2.1 and 5.2) allows only {@code %x20-21 / %x23-5B / %x5D-7E} in an
 * {@code error_description}: printable ASCII without {@code "} and {@code \}. Descriptions that
 * name what a client sent (a claim name, an acr value) pass through here, so that a client's
 * line break, quote or non-ASCII character never comes back verbatim; markup characters
 * ({@code < > &}) are replaced too, for clients that show the text in a page.
 */
public final class ErrorDescription {

    private ErrorDescription() {
    }

    /** {@code text} with every character outside the allowed set (and every markup character) replaced by {@code ?}. */
    public static String safe(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(allowed(c) ? (char) c : '?'));
        return out.toString();
    }

    static boolean allowed(int c) {
        return c >= 0x20 && c <= 0x7E && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&';
    }
}

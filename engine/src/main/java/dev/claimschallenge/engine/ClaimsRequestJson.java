package dev.claimschallenge.engine;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ClaimsRequest} as the minified JSON of a {@code claims} parameter (members
 * {@code userinfo}, {@code id_token}, {@code access_token}, in that order; an entry with neither
 * {@code essential} nor values as {@code null}, one value as {@code value}, several as
 * {@code values}). The engine has no JSON library, so this writes the few shapes a claims request
 * has, exactly as Jackson writes them: the provider's {@code ClaimsRequestJsonTest} compares the
 * two byte for byte, because a challenge's {@code claims} value must not depend on who built it.
 */
public final class ClaimsRequestJson {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ClaimsRequestJson() {
    }

    public static String write(ClaimsRequest request) {
        StringBuilder out = new StringBuilder("{");
        boolean first = member(out, true, ClaimsRequest.USERINFO, request.userinfo());
        first = member(out, first, ClaimsRequest.ID_TOKEN, request.idToken());
        member(out, first, ClaimsRequest.ACCESS_TOKEN, request.accessToken());
        return out.append('}').toString();
    }

    /** @return whether nothing has been written yet */
    private static boolean member(StringBuilder out, boolean first, String member, Map<String, RequestedClaim> claims) {
        if (claims.isEmpty()) {
            return first;
        }
        if (!first) {
            out.append(',');
        }
        string(out, member).append(":{");
        boolean firstEntry = true;
        for (Map.Entry<String, RequestedClaim> entry : claims.entrySet()) {
            if (!firstEntry) {
                out.append(',');
            }
            firstEntry = false;
            string(out, entry.getKey()).append(':');
            entry(out, entry.getValue());
        }
        out.append('}');
        return false;
    }

    private static void entry(StringBuilder out, RequestedClaim claim) {
        List<Object> values = claim.acceptableValues();
        if (!claim.essential() && values.isEmpty()) {
            out.append("null");
            return;
        }
        out.append('{');
        if (claim.essential()) {
            out.append("\"essential\":true");
        }
        if (!values.isEmpty()) {
            if (claim.essential()) {
                out.append(',');
            }
            if (values.size() == 1) {
                out.append("\"value\":");
                value(out, values.get(0));
            } else {
                out.append("\"values\":");
                value(out, values);
            }
        }
        out.append('}');
    }

    private static void value(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            string(out, text);
        } else if (value instanceof BigDecimal decimal) {
            // as Jackson's tree nodes hold one: trailing zeros stripped (1.50 is 1.5)
            out.append(decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toString());
        } else if (value instanceof Boolean || value instanceof Number number && finite(number)) {
            out.append(value);
        } else if (value instanceof Number) {
            string(out, value.toString()); // NaN and infinities, as Jackson quotes them
        } else if (value instanceof Collection<?> many) {
            out.append('[');
            boolean first = true;
            for (Object each : many) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                value(out, each);
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, String.valueOf(entry.getKey())).append(':');
                value(out, entry.getValue());
            }
            out.append('}');
        } else {
            string(out, value.toString());
        }
    }

    private static boolean finite(Number number) {
        return !(number instanceof Double || number instanceof Float) || Double.isFinite(number.doubleValue());
    }

    /** A JSON string as Jackson escapes it: quote, backslash and control characters only. */
    private static StringBuilder string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}

package dev.claimschallenge.engine;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;

/**
 * One entry of a claims request member: {@code "name": null} or
 * {@code "name": {"essential": ..., "value": ..., "values": [...]}} (OIDC Core 5.5.1).
 * {@code acceptableValues} holds {@code value} and {@code values} together; empty means any value.
 * They are what the client asks for, never a value to put in a token.
 */
public record RequestedClaim(String name, boolean essential, List<Object> acceptableValues) {

    public RequestedClaim {
        acceptableValues = List.copyOf(acceptableValues);
    }

    public boolean hasAcceptableValues() {
        return !acceptableValues.isEmpty();
    }

    /**
     * Whether a value Keycloak computed satisfies this request: any value when none was asked for,
     * otherwise one of the acceptable values; a multi-valued claim (e.g. {@code groups}) matches
     * when it contains one. Numbers compare by value ({@code 1} equals {@code 1.0}).
     */
    public boolean matches(Object computed) {
        if (computed == null) {
            return false;
        }
        if (acceptableValues.isEmpty()) {
            return true;
        }
        if (computed instanceof Collection<?> many) {
            return many.stream().anyMatch(this::matchesOne);
        }
        return matchesOne(computed);
    }

    private boolean matchesOne(Object computed) {
        return acceptableValues.stream().anyMatch(acceptable -> sameValue(acceptable, computed));
    }

    static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if (!finite(x) || !finite(y)) {
                // no BigDecimal holds them; a request never has one (refused when parsed), a mapper's
                // double might ("1e400" as a user attribute), and must not make the token endpoint fail
                return x.doubleValue() == y.doubleValue();
            }
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a instanceof Boolean || b instanceof Boolean) {
            // Keycloak's user-attribute mappers may render booleans as strings ("true")
            return String.valueOf(a).equals(String.valueOf(b));
        }
        return a != null && b != null && a.toString().equals(b.toString()) && a.getClass() == b.getClass();
    }

    private static boolean finite(Number number) {
        return !(number instanceof Double || number instanceof Float) || Double.isFinite(number.doubleValue());
    }
}

package dev.claimschallenge.keycloak.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** What Keycloak does with a required-claims policy. */
public enum PolicyMode {
    /** Only tells resource servers what to challenge for; tokens are issued as without the policy. */
    ADVERTISE,
    /** Adds the required claims Keycloak can compute and steps up for acr/max_age up front. */
    SATISFY,
    /** As {@link #SATISFY}, and refuses a token that still falls short. */
    ENFORCE;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code advertise}, {@code satisfy} or {@code enforce}; anything else is refused. */
    @JsonCreator
    public static PolicyMode of(String value) {
        return Arrays.stream(values()).filter(m -> m.value().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("mode must be advertise, satisfy or enforce"));
    }

    /** As {@link #of}, for admin input: a refusal names the field as the admin page labels it. */
    public static PolicyMode parse(String value) {
        try {
            return of(value.trim());
        } catch (IllegalArgumentException e) {
            String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
            throw PolicyField.MODE.problem("must be advertise, satisfy or enforce, not \"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"");
        }
    }

    public boolean addsClaims() {
        return this != ADVERTISE;
    }
}

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

    public boolean addsClaims() {
        return this != ADVERTISE;
    }
}

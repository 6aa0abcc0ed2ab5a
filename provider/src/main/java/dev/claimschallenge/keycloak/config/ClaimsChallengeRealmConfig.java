package dev.claimschallenge.keycloak.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.keycloak.models.RealmModel;

/**
 * Realm-level settings, read from realm attributes (Realm settings, or {@code attributes} in a realm
 * export). Everything is on by default: dropping in the jar is enough.
 */
public final class ClaimsChallengeRealmConfig {

    /** {@code false} turns the whole extension off for the realm (Keycloak behaves as without it). */
    public static final String ENABLED = "claims-challenge.enabled";
    /**
     * Comma-separated client capabilities ({@code xms_cc}) that may be echoed; default {@code cp1}.
     * Matched case-insensitively (Microsoft documents them as not case-sensitive, and MSAL sends what
     * the app configured, often {@code CP1}); tokens carry the value as configured here.
     */
    public static final String CLIENT_CAPABILITIES = "claims-challenge.client-capabilities";

    public static final String DEFAULT_CLIENT_CAPABILITIES = "cp1";

    private ClaimsChallengeRealmConfig() {
    }

    public static boolean isEnabled(RealmModel realm) {
        return !"false".equalsIgnoreCase(trim(realm.getAttribute(ENABLED)));
    }

    public static Set<String> clientCapabilities(RealmModel realm) {
        String configured = trim(realm.getAttribute(CLIENT_CAPABILITIES));
        String value = configured == null ? DEFAULT_CLIENT_CAPABILITIES : configured;
        Set<String> capabilities = new LinkedHashSet<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(capabilities::add);
        return capabilities;
    }

    /**
     * The configured capabilities that the given values name, compared case-insensitively, each in
     * its configured spelling and in configured order. Values that are not strings match nothing.
     */
    public static List<String> matchingClientCapabilities(RealmModel realm, Collection<?> values) {
        List<String> matching = new ArrayList<>();
        for (String capability : clientCapabilities(realm)) {
            if (values.stream().anyMatch(value -> value instanceof String s && s.trim().equalsIgnoreCase(capability))) {
                matching.add(capability);
            }
        }
        return matching;
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}

package dev.claimschallenge.keycloak.config;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.keycloak.models.RealmModel;

/**
 * Realm-level settings, read from realm attributes (Realm settings, or {@code attributes} in a realm
 * export). Everything is on by default: dropping in the jar is enough.
 */
public final class ClaimsChallengeRealmConfig {

    /** {@code false} turns the whole extension off for the realm (Keycloak behaves as without it). */
    public static final String ENABLED = "claims-challenge.enabled";
    /** Comma-separated client capabilities ({@code xms_cc}) that may be echoed; default {@code cp1}. */
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

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}

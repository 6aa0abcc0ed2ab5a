package dev.claimschallenge.keycloak.policy;

import dev.claimschallenge.keycloak.BoundedCache;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;

/**
 * Policies as read from their components, remembered by the component's content (id and
 * config), so that a token request does not parse the same JSON again. Keyed by content, not by
 * id or by an invalidation event: whatever the realm returns now (after an admin edit, on any node
 * of a cluster, after an import) is what counts, because a changed component is a different key.
 * Bounded: past {@value #MAX_ENTRIES} entries (edits leave old contents behind) it starts over.
 */
final class ParsedPolicies {

    static final int MAX_ENTRIES = 1024;

    private static final BoundedCache<Key, Optional<RequiredClaimsPolicy>> READ = new BoundedCache<>(MAX_ENTRIES);

    /** The content a policy is read from. Equal contents read to equal policies. */
    private record Key(String id, String name, Map<String, List<String>> config) {
    }

    private ParsedPolicies() {
    }

    /** {@link RequirementStore#readOrSkip}, once per content. */
    static Optional<RequiredClaimsPolicy> read(ComponentModel component) {
        // looked up with the live config (no copy); stored with a copy, so that later changes to
        // the component object cannot change a key in the map
        Map<String, List<String>> config = component.getConfig() == null ? Map.of() : component.getConfig();
        Optional<RequiredClaimsPolicy> known = READ.get(new Key(component.getId(), component.getName(), config));
        if (known != null) {
            return known;
        }
        Optional<RequiredClaimsPolicy> read = RequirementStore.readOrSkip(RequirementKind.POLICY, component);
        READ.put(new Key(component.getId(), component.getName(), copy(config)), read);
        return read;
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> config) {
        MultivaluedHashMap<String, String> copy = new MultivaluedHashMap<>();
        config.forEach((key, values) -> copy.put(key, values == null ? null : List.copyOf(values)));
        return copy;
    }

    static void clear() {
        READ.clear();
    }
}

package dev.claimschallenge.keycloak.policy;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.RealmModel;

/**
 * Reads and writes one kind of the realm's stored requirements (realm components, see
 * {@link RequirementKind}), by the key the REST API's URLs name them by. Unreadable items are
 * skipped with a WARN wherever tokens are concerned, and shown with their problem to admins.
 */
public final class RequirementStore<T extends RequirementFields> {

    private static final Logger LOG = Logger.getLogger(RequirementStore.class);

    private final RequirementKind<T> kind;
    private final RealmModel realm;

    private RequirementStore(RequirementKind<T> kind, RealmModel realm) {
        this.kind = kind;
        this.realm = realm;
    }

    public static <T extends RequirementFields> RequirementStore<T> of(RequirementKind<T> kind, RealmModel realm) {
        return new RequirementStore<>(kind, realm);
    }

    public static RequirementStore<AuthenticationContext> contexts(RealmModel realm) {
        return of(RequirementKind.CONTEXT, realm);
    }

    /** Every readable item. */
    public List<T> list() {
        return components().map(c -> readOrSkip(kind, c)).flatMap(Optional::stream).toList();
    }

    /** The keys of every item, readable or not, sorted. */
    List<String> keys() {
        return components().map(kind::keyOf).filter(Objects::nonNull).sorted().toList();
    }

    /** The readable items among {@code keys}, in the order of {@code keys}; unknown keys are left out. */
    public List<T> byKeys(Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        Map<String, T> found = new LinkedHashMap<>();
        components().filter(c -> keys.contains(kind.keyOf(c)))
                .forEach(c -> readOrSkip(kind, c).ifPresent(value -> found.putIfAbsent(kind.keyOf(c), value)));
        return keys.stream().distinct().map(found::get).filter(Objects::nonNull).toList();
    }

    /** Those of {@code keys} no item of the realm has. */
    List<String> unknown(Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<String> known = keys();
        return keys.stream().filter(key -> !known.contains(key)).distinct().toList();
    }

    /**
     * A stored item as an admin sees it: the value if it can be read, and what is wrong with it
     * ({@code problem}: unreadable, or no longer valid, e.g. its client was deleted or its acr left
     * the ACR-to-LoA mapping), or {@code null}. Token requests never see unreadable items (they are
     * ignored with a WARN); the admin API shows them so they can be mended with PUT instead of only
     * deleted.
     *
     * @param key  what the REST API's URL names it by
     * @param name what names its component (a policy's client), as stored
     */
    public record Stored<T>(String key, String name, T value, String problem) {
    }

    /** Every stored item, readable or not, with its problem. */
    public List<Stored<T>> listForAdmin() {
        return components().map(this::forAdmin).toList();
    }

    public Optional<Stored<T>> byKeyForAdmin(String key) {
        return component(key).map(this::forAdmin);
    }

    private Stored<T> forAdmin(ComponentModel component) {
        String key = kind.keyOf(component);
        String name = kind.nameOf(component);
        T value;
        try {
            value = kind.fromComponent(component);
        } catch (ComponentValidationException e) {
            return new Stored<>(key, name, null, "Cannot be read, so it is ignored: " + e.getMessage());
        }
        Problems problems = new Problems();
        kind.validateInteractive(realm, value, component.getId(), problems);
        try {
            problems.throwIfAny();
            return new Stored<>(key, name, value, null);
        } catch (ComponentValidationException e) {
            return new Stored<>(key, name, value, e.getMessage());
        }
    }

    /** What a save stored, as read back, in which component, and whether it created the item. */
    public record Saved<T>(String componentId, T value, boolean created) {
    }

    /**
     * Stores {@code value}, in component {@code componentId} or ({@code null}) in a new one. Validated
     * by the page factory as any component: invalid input throws ComponentValidationException and
     * nothing is stored.
     */
    public Saved<T> save(String componentId, T value) {
        ComponentModel component = kind.toComponent(realm, componentId, value);
        if (componentId == null) {
            component = realm.addComponentModel(component);
        } else {
            realm.updateComponent(component);
        }
        return new Saved<>(component.getId(), kind.fromComponent(component), componentId == null);
    }

    public boolean delete(String key) {
        Optional<ComponentModel> component = component(key);
        component.ifPresent(realm::removeComponent);
        return component.isPresent();
    }

    /** The component of the item {@code key} names. */
    public Optional<ComponentModel> component(String key) {
        if (key == null) {
            return Optional.empty();
        }
        if (kind.keyedByComponentId()) {
            return Optional.ofNullable(realm.getComponent(key)).filter(kind::isKind);
        }
        return components().filter(c -> key.equals(kind.keyOf(c))).findFirst();
    }

    /** Whether a component other than {@code componentId} ({@code null}: a new one) is named {@code name}: one per realm. */
    boolean another(String name, String componentId) {
        return components().anyMatch(c -> name.equals(kind.nameOf(c)) && !c.getId().equals(componentId));
    }

    Stream<ComponentModel> components() {
        return realm.getComponentsStream(realm.getId(), RequirementKind.PROVIDER_TYPE).filter(kind::isKind);
    }

    /** The item {@code component} holds, or nothing (with a WARN) when it cannot be read: token requests go on without it. */
    static <T extends RequirementFields> Optional<T> readOrSkip(RequirementKind<T> kind, ComponentModel component) {
        try {
            return Optional.of(kind.fromComponent(component));
        } catch (ComponentValidationException e) {
            LOG.warnf("Ignoring %s %s (%s): %s", kind, component.getId(), component.getName(), e.getMessage());
            return Optional.empty();
        }
    }
}

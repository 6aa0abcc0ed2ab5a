package dev.claimschallenge.keycloak.policy;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.RealmModel;

/** Reads and writes the realm's authentication contexts (realm components, see {@link ContextComponents}), by context id. */
public final class ContextStore {

    private static final Logger LOG = Logger.getLogger(ContextStore.class);

    private final RealmModel realm;

    public ContextStore(RealmModel realm) {
        this.realm = realm;
    }

    /** Every readable context, by id (unreadable ones are skipped with a WARN, as unreadable policies are). */
    public List<AuthenticationContext> list() {
        return components().map(ContextStore::readOrSkip).flatMap(Optional::stream).toList();
    }

    public List<String> ids() {
        return components().map(ContextComponents::idOf).filter(id -> id != null).sorted().toList();
    }

    public Optional<AuthenticationContext> byId(String id) {
        return component(id).flatMap(ContextStore::readOrSkip);
    }

    /** The readable contexts among {@code ids}, in the order of {@code ids}; unknown ids are left out. */
    public List<AuthenticationContext> byIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, AuthenticationContext> found = new LinkedHashMap<>();
        components().filter(c -> ids.contains(ContextComponents.idOf(c))).map(ContextStore::readOrSkip).flatMap(Optional::stream)
                .forEach(context -> found.putIfAbsent(context.id(), context));
        return ids.stream().distinct().map(found::get).filter(c -> c != null).toList();
    }

    /** Those of {@code ids} no context of the realm has. */
    public List<String> unknown(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> known = ids();
        return ids.stream().filter(id -> !known.contains(id)).distinct().toList();
    }

    /** A stored context as an admin sees it: the context if it can be read, and what is wrong with it, or {@code null}. */
    public record Stored(String id, AuthenticationContext context, String problem) {
    }

    public List<Stored> listForAdmin() {
        return components().map(ContextStore::forAdmin).toList();
    }

    public Optional<Stored> byIdForAdmin(String id) {
        return component(id).map(ContextStore::forAdmin);
    }

    private static Stored forAdmin(ComponentModel component) {
        try {
            return new Stored(ContextComponents.idOf(component), ContextComponents.toContext(component), null);
        } catch (ComponentValidationException e) {
            return new Stored(ContextComponents.idOf(component), null, "Cannot be read, so it is ignored: " + PolicyField.text(e));
        }
    }

    /**
     * Creates the context, or replaces the one with its id. Validated by the page factory as any
     * component: invalid input throws ComponentValidationException and nothing is stored.
     *
     * @return whether it was created
     */
    public boolean put(AuthenticationContext context) {
        Optional<ComponentModel> existing = component(context.id());
        if (existing.isPresent()) {
            realm.updateComponent(ContextComponents.toComponent(realm, existing.get().getId(), context));
            return false;
        }
        realm.addComponentModel(ContextComponents.toComponent(realm, null, context));
        return true;
    }

    public boolean delete(String id) {
        Optional<ComponentModel> component = component(id);
        component.ifPresent(realm::removeComponent);
        return component.isPresent();
    }

    /** The id of the component that holds context {@code id}. */
    public Optional<String> componentId(String id) {
        return component(id).map(ComponentModel::getId);
    }

    /** The component of context {@code id}. */
    Optional<ComponentModel> component(String id) {
        return id == null ? Optional.empty() : components().filter(c -> id.equals(ContextComponents.idOf(c))).findFirst();
    }

    private Stream<ComponentModel> components() {
        return realm.getComponentsStream(realm.getId(), ContextComponents.PROVIDER_TYPE).filter(ContextComponents::isContext);
    }

    private static Optional<AuthenticationContext> readOrSkip(ComponentModel component) {
        try {
            return Optional.of(ContextComponents.toContext(component));
        } catch (ComponentValidationException e) {
            LOG.warnf("Ignoring authentication context %s (%s): %s", component.getId(), component.getName(), PolicyField.text(e));
            return Optional.empty();
        }
    }
}

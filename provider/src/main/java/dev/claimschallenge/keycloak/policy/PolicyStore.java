package dev.claimschallenge.keycloak.policy;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.RealmModel;

/** Reads and writes the realm's required-claims policies (realm components, see {@link PolicyComponents}). */
public final class PolicyStore {

    private static final Logger LOG = Logger.getLogger(PolicyStore.class);

    private final RealmModel realm;

    public PolicyStore(RealmModel realm) {
        this.realm = realm;
    }

    public List<RequiredClaimsPolicy> list() {
        return components().map(PolicyStore::readOrSkip).flatMap(Optional::stream).toList();
    }

    public Optional<RequiredClaimsPolicy> byId(String id) {
        ComponentModel component = id == null ? null : realm.getComponent(id);
        return component != null && PolicyComponents.isPolicy(component) ? readOrSkip(component) : Optional.empty();
    }

    /**
     * A stored policy as an admin sees it: the policy if it can be read, and what is wrong with it
     * ({@code problem}: unreadable, or no longer valid, e.g. its client was deleted), or
     * {@code null}. Token requests never see unreadable policies (they are ignored with a WARN);
     * the admin API shows them so they can be mended with PUT instead of only deleted.
     */
    public record Stored(String id, String clientId, RequiredClaimsPolicy policy, String problem) {
    }

    /** Every stored policy, readable or not, with its problem. */
    public List<Stored> listForAdmin() {
        return components().map(this::forAdmin).toList();
    }

    public Optional<Stored> byIdForAdmin(String id) {
        ComponentModel component = id == null ? null : realm.getComponent(id);
        return component != null && PolicyComponents.isPolicy(component) ? Optional.of(forAdmin(component)) : Optional.empty();
    }

    private Stored forAdmin(ComponentModel component) {
        String clientId = component.getConfig() == null ? null : component.getConfig().getFirst(PolicyComponents.CLIENT);
        RequiredClaimsPolicy policy;
        try {
            policy = PolicyComponents.toPolicy(component);
        } catch (ComponentValidationException e) {
            return new Stored(component.getId(), clientId, null, "Cannot be read, so it is ignored: " + PolicyField.text(e));
        }
        try {
            PolicyValidator.validate(realm, policy);
            PolicyValidator.checkContextsExist(realm, policy);
            return new Stored(component.getId(), clientId, policy, null);
        } catch (ComponentValidationException e) {
            return new Stored(component.getId(), clientId, policy, PolicyField.text(e));
        }
    }

    public Optional<RequiredClaimsPolicy> forClient(String clientId) {
        return forClients(Set.of(clientId)).stream().findFirst();
    }

    /** The policies of every client in {@code clientIds} (the token's client and audience). */
    public List<RequiredClaimsPolicy> forClients(Set<String> clientIds) {
        // runs for every token: only read the policies of these clients, each parsed once per content
        return components().filter(c -> clientIds.contains(clientOf(c)))
                .map(ParsedPolicies::read).flatMap(Optional::stream).toList();
    }

    /**
     * The policies of the clients in {@code carried}, and of those {@code wider} adds when some
     * client with a policy (readable or not) is not in {@code carried}: runs for every token, so
     * the realm's components are read once and {@code wider} is asked only when it can matter.
     */
    public List<RequiredClaimsPolicy> forAudience(Set<String> carried, Supplier<Collection<String>> wider) {
        List<ComponentModel> policies = components().toList();
        Set<String> clients = carried;
        if (policies.stream().map(PolicyStore::clientOf).anyMatch(client -> client != null && !carried.contains(client))) {
            clients = new HashSet<>(carried);
            clients.addAll(wider.get());
        }
        Set<String> governing = clients;
        return policies.stream().filter(c -> governing.contains(clientOf(c)))
                .map(ParsedPolicies::read).flatMap(Optional::stream).toList();
    }

    private static String clientOf(ComponentModel component) {
        return component.getConfig() == null ? null : component.getConfig().getFirst(PolicyComponents.CLIENT);
    }

    /** Validated by the page factory as any component: invalid input throws ComponentValidationException. */
    public RequiredClaimsPolicy create(RequiredClaimsPolicy policy) {
        ComponentModel created = realm.addComponentModel(PolicyComponents.toComponent(realm, policy.withId(null)));
        return PolicyComponents.toPolicy(created);
    }

    public RequiredClaimsPolicy replace(String id, RequiredClaimsPolicy policy) {
        ComponentModel component = PolicyComponents.toComponent(realm, policy.withId(id));
        realm.updateComponent(component);
        return PolicyComponents.toPolicy(component);
    }

    public boolean delete(String id) {
        ComponentModel component = realm.getComponent(id);
        if (component == null || !PolicyComponents.isPolicy(component)) {
            return false;
        }
        realm.removeComponent(component);
        return true;
    }

    private Stream<ComponentModel> components() {
        return realm.getComponentsStream(realm.getId(), PolicyComponents.PROVIDER_TYPE).filter(PolicyComponents::isPolicy);
    }

    static Optional<RequiredClaimsPolicy> readOrSkip(ComponentModel component) {
        try {
            return Optional.of(PolicyComponents.toPolicy(component));
        } catch (ComponentValidationException e) {
            LOG.warnf("Ignoring required-claims policy %s (%s): %s", component.getId(), component.getName(), PolicyField.text(e));
            return Optional.empty();
        }
    }
}

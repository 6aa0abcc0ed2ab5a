package dev.claimschallenge.keycloak.policy;

import dev.claimschallenge.keycloak.internal.RealmCache;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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
        return governing(read(), clientIds);
    }

    /**
     * The policies of the clients in {@code carried}, and of those {@code wider} adds when some
     * client with a policy (readable or not) is not in {@code carried}: runs for every token, so
     * {@code wider} is asked only when it can matter.
     */
    public List<RequiredClaimsPolicy> forAudience(Set<String> carried, Supplier<Collection<String>> wider) {
        List<Read> policies = read();
        Set<String> clients = carried;
        for (Read policy : policies) {
            if (policy.clientId() != null && !carried.contains(policy.clientId())) {
                clients = new HashSet<>(carried);
                clients.addAll(wider.get());
                break;
            }
        }
        return governing(policies, clients);
    }

    /**
     * The clients that have a readable policy, each once, from the snapshot token requests use
     * ({@link #read}): every authorization request asks, so it must not parse the policies again.
     */
    public Set<String> clientsWithPolicies() {
        Set<String> clients = new java.util.LinkedHashSet<>();
        for (Read read : read()) {
            read.policy().ifPresent(policy -> clients.add(policy.clientId()));
        }
        return clients;
    }

    /** Loops, not streams: runs for every token. */
    private static List<RequiredClaimsPolicy> governing(List<Read> policies, Set<String> clients) {
        List<RequiredClaimsPolicy> governing = null;
        for (Read read : policies) {
            if (read.policy().isPresent() && clients.contains(read.clientId())) {
                if (governing == null) {
                    governing = new ArrayList<>(policies.size());
                }
                governing.add(read.policy().get());
            }
        }
        return governing == null ? List.of() : Collections.unmodifiableList(governing);
    }

    /** A policy component as token requests see it: the client it names (even when unreadable) and the policy if readable. */
    private record Read(String clientId, Optional<RequiredClaimsPolicy> policy) {
    }

    /** Every policy component of the realm, read: kept with Keycloak's cached realm ({@link RealmCache}). */
    private record Snapshot(List<Read> policies) {
    }

    /**
     * The realm's policies for token requests, authorization requests and the resource servers'
     * endpoints, which run for every token: read once per version of the realm that Keycloak caches, not per token.
     * Keycloak drops its cached realm on every change to a component (on every node of a
     * cluster), and the snapshot with it, so an admin edit governs the next token. Each
     * component's parse is shared by content too ({@link ParsedPolicies}), for realms Keycloak
     * does not cache.
     */
    private List<Read> read() {
        return RealmCache.get(realm, Snapshot.class.getName(), Snapshot.class,
                () -> new Snapshot(components().map(c -> new Read(clientOf(c), ParsedPolicies.read(c))).toList())).policies();
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

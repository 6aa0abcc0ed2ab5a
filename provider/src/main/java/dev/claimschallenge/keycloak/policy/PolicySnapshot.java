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
import org.keycloak.models.RealmModel;

/**
 * The realm's policies as token requests, authorization requests and the resource servers'
 * endpoints read them (for every token): which govern a set of clients. Reading and writing them
 * one by one is {@link RequirementStore}'s.
 */
public final class PolicySnapshot {

    private final RealmModel realm;

    public PolicySnapshot(RealmModel realm) {
        this.realm = realm;
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
                () -> new Snapshot(RequirementStore.of(RequirementKind.POLICY, realm).components()
                        .map(c -> new Read(RequirementKind.POLICY.nameOf(c), ParsedPolicies.read(c))).toList())).policies();
    }
}

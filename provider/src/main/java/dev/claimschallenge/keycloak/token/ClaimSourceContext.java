package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;

/**
 * What the sources of one enrichment share: the session, the client session, every claim name
 * the requests ask for (so that a source runs its mappers once, for all of them), the policies of
 * the token's audience and the claims they require, and a per-enrichment memo for what a source computed.
 */
final class ClaimSourceContext {

    private final KeycloakSession session;
    private final ClientSessionContext clientSessionContext;
    private final Set<String> requestedNames;
    private final List<RequiredClaimsPolicy> audiencePolicies;
    private final Map<String, List<String>> requiredBy;
    private final Map<Object, Object> memo = new IdentityHashMap<>();

    ClaimSourceContext(KeycloakSession session, ClientSessionContext clientSessionContext, Set<String> requestedNames,
            List<RequiredClaimsPolicy> audiencePolicies, Map<String, List<String>> requiredBy) {
        this.session = session;
        this.requiredBy = requiredBy;
        this.clientSessionContext = clientSessionContext;
        this.requestedNames = requestedNames;
        this.audiencePolicies = audiencePolicies;
    }

    KeycloakSession session() {
        return session;
    }

    ClientSessionContext clientSessionContext() {
        return clientSessionContext;
    }

    AuthenticatedClientSessionModel clientSession() {
        return clientSessionContext.getClientSession();
    }

    /** The names still to be decided: requested, not reserved, not in the token yet. */
    Set<String> requestedNames() {
        return requestedNames;
    }

    List<RequiredClaimsPolicy> audiencePolicies() {
        return audiencePolicies;
    }

    /** The claims the audience's policies and their contexts require, each with the policy clients that decide it. */
    Map<String, List<String>> requiredBy() {
        return requiredBy;
    }

    /** What {@code owner} computed once for this enrichment (computed on first use). */
    @SuppressWarnings("unchecked")
    <T> T once(Object owner, Supplier<T> compute) {
        Object value = memo.get(owner);
        if (value == null) {
            value = compute.get();
            memo.put(owner, value);
        }
        return (T) value;
    }
}

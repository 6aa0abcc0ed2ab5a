package dev.claimschallenge.keycloak.policy;

import dev.claimschallenge.engine.ClaimNames;
import dev.claimschallenge.engine.ClaimsRequest;
import dev.claimschallenge.engine.RequestedClaim;
import dev.claimschallenge.engine.RequiredClaim;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.keycloak.models.RealmModel;

/**
 * Which authentication contexts a claims request asks Keycloak to satisfy: the ids in its
 * {@code access_token.acrs} entry ({@code "values": ["c1"]}, or {@code "value": "c1"} as Entra and
 * MSAL send it) that a policy of the token's audience lists and the realm defines. Everything else
 * is ignored, never an error (OIDC Core 5.5: a claims request is a wish, and Keycloak never adds a
 * context on its own).
 */
public final class RequestedContexts {

    /** The claim that lists the contexts a token meets (Entra's name). */
    public static final String ACRS = ClaimNames.ACRS;

    private RequestedContexts() {
    }

    /** The context ids {@code request} names, in request order; values that cannot be ids are left out. */
    public static List<String> ids(ClaimsRequest request) {
        RequestedClaim acrs = request.accessToken().get(ACRS);
        if (acrs == null) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Object value : acrs.acceptableValues()) {
            if (value instanceof String id && AuthenticationContext.idProblem(id) == null) {
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }

    /** Whether {@code request} names any context at all (before knowing which apply). */
    public static boolean any(ClaimsRequest request) {
        return !ids(request).isEmpty();
    }

    /**
     * The contexts of {@code request} that apply to a token governed by {@code policies}: named,
     * listed by one of those policies, and defined in the realm; in request order.
     */
    public static List<AuthenticationContext> applicable(RealmModel realm, ClaimsRequest request, Collection<RequiredClaimsPolicy> policies) {
        List<String> requested = ids(request);
        if (requested.isEmpty()) {
            return List.of();
        }
        Set<String> listed = new LinkedHashSet<>();
        policies.forEach(policy -> listed.addAll(policy.contexts()));
        List<String> wanted = requested.stream().filter(listed::contains).toList();
        return wanted.isEmpty() ? List.of() : RequirementStore.contexts(realm).byKeys(wanted);
    }

    /**
     * {@code policies}, where one lists any of {@code contexts}, with those contexts' required
     * claims made requestable: so that the API client's own mappers compute them, exactly as
     * they compute the policy's own required claims (docs/contexts.md).
     */
    public static List<RequiredClaimsPolicy> computingContextClaims(List<RequiredClaimsPolicy> policies, List<AuthenticationContext> contexts) {
        if (contexts.isEmpty()) {
            return policies;
        }
        return policies.stream().map(policy -> {
            List<String> names = contexts.stream().filter(context -> policy.contexts().contains(context.id()))
                    .flatMap(context -> context.requiredClaims().stream().map(RequiredClaim::name)).toList();
            return names.isEmpty() ? policy : policy.withRequestable(names);
        }).toList();
    }
}

package dev.claimschallenge.keycloak.authz;

import dev.claimschallenge.keycloak.policy.ApplicablePolicies;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import java.util.List;
import java.util.Optional;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

/**
 * What the {@code satisfy}/{@code enforce} policies of a client and its audience demand of the
 * authentication itself, so that Keycloak steps up before the first token rather than refusing it.
 */
final class PolicyStepUp {

    private PolicyStepUp() {
    }

    /** The acceptable acr values of the first such policy that names any (most preferred first). */
    static List<String> acrValues(RealmModel realm, ClientModel client) {
        return policies(realm, client).stream().map(RequiredClaimsPolicy::acrValues).filter(v -> !v.isEmpty())
                .findFirst().orElse(List.of());
    }

    /** The strictest {@code max_age} of those policies. */
    static Optional<Integer> maxAge(RealmModel realm, ClientModel client) {
        return policies(realm, client).stream().map(RequiredClaimsPolicy::maxAge).filter(v -> v != null)
                .min(Integer::compare);
    }

    private static List<RequiredClaimsPolicy> policies(RealmModel realm, ClientModel client) {
        return ApplicablePolicies.forAuthorization(realm, client).stream().filter(p -> p.mode().addsClaims()).toList();
    }
}

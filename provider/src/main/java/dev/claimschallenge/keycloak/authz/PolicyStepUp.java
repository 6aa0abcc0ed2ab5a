package dev.claimschallenge.keycloak.authz;

import dev.claimschallenge.keycloak.policy.ApplicablePolicies;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

/**
 * What the {@code satisfy}/{@code enforce} policies of a client and its audience demand of the
 * authentication itself, so that Keycloak steps up before the first token rather than refusing it.
 *
 * @param acrValues the acceptable acr values of the first such policy that names any (most preferred first)
 * @param maxAge    the strictest {@code max_age} of those policies
 */
record PolicyStepUp(List<String> acrValues, Optional<Integer> maxAge) {

    /**
     * Looks the policies up once per authorization request.
     *
     * @param scopeParam the request's {@code scope}: its optional client scopes may add audiences
     */
    static PolicyStepUp of(RealmModel realm, ClientModel client, String scopeParam) {
        List<RequiredClaimsPolicy> policies = ApplicablePolicies.forAuthorization(realm, client, scopeParam).stream()
                .filter(p -> p.mode().addsClaims()).toList();
        return new PolicyStepUp(
                policies.stream().map(RequiredClaimsPolicy::acrValues).filter(v -> !v.isEmpty()).findFirst().orElse(List.of()),
                policies.stream().map(RequiredClaimsPolicy::maxAge).filter(Objects::nonNull).min(Integer::compare));
    }
}

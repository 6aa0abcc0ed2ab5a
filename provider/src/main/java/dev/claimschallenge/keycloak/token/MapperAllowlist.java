package dev.claimschallenge.keycloak.token;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.keycloak.models.RealmModel;

/**
 * The protocol-mapper types whose values may go into an access token through a claims request:
 * those that compute from user or session data Keycloak holds. Everything else contributes
 * nothing, so that a mapper type that copies a value out of the request (Keycloak's claims
 * parameter with value mapper, its experimental parameterized-scope mappers, a script, a custom
 * mapper) never turns a client-chosen value into an assertion of Keycloak's. An allowlist, not a
 * denylist: new mapper types are out until an operator vouches for them with the realm attribute
 * {@value #REALM_ATTRIBUTE} (comma-separated provider ids, added to {@link #BUILT_IN}).
 */
public final class MapperAllowlist {

    public static final String REALM_ATTRIBUTE = "claims-challenge.mapper-allowlist";

    /**
     * Keycloak's built-in mapper types that compute from the user, the user's roles, groups and
     * organizations, the authentication (acr, amr) or the administrator's configuration.
     * Deliberately left out: {@code oidc-usersessionmodel-note-mapper} (user session notes are
     * written by authenticators and identity-provider mappers, some from request or upstream
     * input), {@code oidc-claims-param-value-idtoken-mapper}, {@code oidc-parameterized-scope-mapper}
     * and {@code oidc-parameterized-scope-user-property-mapper} (values from the request), script
     * mappers, and mappers of reserved claims (audience, sub, sid, nonce, allowed origins).
     */
    public static final Set<String> BUILT_IN = Set.of(
            "oidc-usermodel-attribute-mapper",
            "oidc-usermodel-property-mapper",
            "oidc-full-name-mapper",
            "oidc-address-mapper",
            "oidc-group-membership-mapper",
            "oidc-usermodel-realm-role-mapper",
            "oidc-usermodel-client-role-mapper",
            "oidc-role-name-mapper",
            "oidc-hardcoded-claim-mapper",
            "oidc-hardcoded-role-mapper",
            "oidc-claims-param-token-mapper",
            "oidc-acr-mapper",
            "oidc-amr-mapper",
            "oidc-organization-membership-mapper",
            "oidc-organization-group-membership-mapper");

    private MapperAllowlist() {
    }

    /** {@link #BUILT_IN} plus the realm's {@value #REALM_ATTRIBUTE}. */
    public static Set<String> of(RealmModel realm) {
        String extra = realm.getAttribute(REALM_ATTRIBUTE);
        if (extra == null || extra.isBlank()) {
            return BUILT_IN;
        }
        Set<String> allowed = new HashSet<>(BUILT_IN);
        Arrays.stream(extra.split(",")).map(String::trim).filter(id -> !id.isEmpty()).forEach(allowed::add);
        return allowed;
    }
}

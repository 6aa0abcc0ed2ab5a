package dev.claimschallenge.keycloak.claims;

import java.util.Set;

/** Claims a claims request can never add or change: Keycloak alone decides them. */
public final class ReservedClaims {

    public static final Set<String> NAMES = Set.of(
            "iss", "sub", "aud", "exp", "iat", "nbf", "jti", "azp", "typ", "scope", "sid", "session_state",
            "nonce", "at_hash", "c_hash", "s_hash", "cnf", "client_id", "realm_access", "resource_access",
            "allowed-origins", "authorization", "authorization_details", "trusted-certs", "act", "may_act",
            "reuse_id", "req-aud", "prov", "cid", "org", "organization");

    private ReservedClaims() {
    }

    public static boolean isReserved(String name) {
        return NAMES.contains(name);
    }
}

package dev.claimschallenge.keycloak.introspection;

import dev.claimschallenge.keycloak.ClaimsChallengeProviderFactory;
import dev.claimschallenge.keycloak.internal.ClaimsAwareIntrospection;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.protocol.oidc.TokenIntrospectionProviderFactory;

/**
 * Takes over Keycloak's {@code access_token} introspection provider (same id, higher order), so
 * that introspection answers carry the requested claims too.
 */
public class ClaimsAwareAccessTokenIntrospectionProviderFactory
        implements TokenIntrospectionProviderFactory, ClaimsChallengeProviderFactory<TokenIntrospectionProvider> {

    /** Keycloak's own id for access-token introspection: replacing it is the point. */
    public static final String PROVIDER_ID = AccessTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE;

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new ClaimsAwareIntrospection(session, IntrospectedClaims.INSTANCE);
    }

    @Override
    public int order() {
        return 10; // wins over Keycloak's factory with the same id
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

}

package dev.claimschallenge.keycloak.authrequest;

import dev.claimschallenge.keycloak.ClaimsChallengeProviderFactory;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointCheckProvider;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointCheckProviderFactory;

public class ClaimsRequestCheckProviderFactory
        implements AuthorizationEndpointCheckProviderFactory, ClaimsChallengeProviderFactory<AuthorizationEndpointCheckProvider> {

    public static final String PROVIDER_ID = "claims-challenge";

    private static final ClaimsRequestCheckProvider INSTANCE = new ClaimsRequestCheckProvider();

    @Override
    public AuthorizationEndpointCheckProvider create(KeycloakSession session) {
        return INSTANCE; // stateless
    }

    @Override
    public boolean isSupported(Config.Scope config) {
        return true;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

}

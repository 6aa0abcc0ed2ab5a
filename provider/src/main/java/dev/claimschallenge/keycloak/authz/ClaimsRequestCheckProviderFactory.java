package dev.claimschallenge.keycloak.authz;

import dev.claimschallenge.keycloak.ExtensionInfo;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointCheckProvider;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointCheckProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

public class ClaimsRequestCheckProviderFactory
        implements AuthorizationEndpointCheckProviderFactory, ServerInfoAwareProviderFactory {

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
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return ExtensionInfo.operationalInfo();
    }
}

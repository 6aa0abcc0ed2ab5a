package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.keycloak.ExtensionInfo;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

public class ClaimsChallengeTokenPostProcessorFactory implements TokenPostProcessorFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "claims-challenge";

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        return new ClaimsChallengeTokenPostProcessor(session);
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

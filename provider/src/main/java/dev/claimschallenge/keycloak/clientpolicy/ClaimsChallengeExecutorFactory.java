package dev.claimschallenge.keycloak.clientpolicy;

import dev.claimschallenge.keycloak.ClaimsChallengeProviderFactory;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** Registers {@link ClaimsChallengeExecutor} as the client policy executor {@value #PROVIDER_ID}. */
public class ClaimsChallengeExecutorFactory
        implements ClientPolicyExecutorProviderFactory, ClaimsChallengeProviderFactory<ClientPolicyExecutorProvider> {

    public static final String PROVIDER_ID = "claims-challenge";

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new ClaimsChallengeExecutor(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Claims Challenge for Keycloak 26.5: honours claims.access_token and applies required-claims policies. "
                + "Keycloak 26.6 and newer do this without a client policy; there this executor does nothing.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}

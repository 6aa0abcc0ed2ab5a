package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.keycloak.OAuthRefusal;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenInterceptorException;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;

/**
 * Keycloak 26.6+'s hook for every token it issues, before signing (all grants): hands the tokens
 * to {@link GrantTokenEnrichment}; a refusal becomes a 400 OAuth error from the token endpoint.
 */
public class ClaimsChallengeTokenPostProcessor implements TokenPostProcessor {

    private final GrantTokenEnrichment enrichment;

    public ClaimsChallengeTokenPostProcessor(KeycloakSession session) {
        this.enrichment = new GrantTokenEnrichment(session);
    }

    @Override
    public void process(TokenPostProcessorContext context) {
        try {
            enrichment.apply(context.accessToken(), context.refreshToken(), context.requestRefreshToken(), context.code(),
                    context.clientSessionCtx());
        } catch (OAuthRefusal refusal) {
            throw new TokenInterceptorException(refusal.error(), refusal.description());
        }
    }
}

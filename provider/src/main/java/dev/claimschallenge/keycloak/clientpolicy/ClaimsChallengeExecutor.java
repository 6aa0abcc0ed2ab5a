package dev.claimschallenge.keycloak.clientpolicy;

import dev.claimschallenge.keycloak.OAuthRefusal;
import dev.claimschallenge.keycloak.authrequest.AuthorizationRequestClaims;
import dev.claimschallenge.keycloak.internal.KeycloakInternals;
import dev.claimschallenge.keycloak.token.GrantTokenEnrichment;
import org.keycloak.OAuth2Constants;
import org.keycloak.TokenVerifier;
import org.keycloak.common.VerificationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenManager.AccessTokenResponseBuilder;
import org.keycloak.protocol.oidc.utils.OAuth2Code;
import org.keycloak.representations.RefreshToken;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;
import org.keycloak.services.clientpolicy.context.ResourceOwnerPasswordCredentialsResponseContext;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenResponseContext;
import org.keycloak.services.clientpolicy.context.TokenRefreshResponseContext;
import org.keycloak.services.clientpolicy.context.TokenResponseContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * The extension's hooks for Keycloak 26.5, which has neither the {@code auth-endpoint-check} nor
 * the {@code token-interceptor} SPI: a client policy executor on the authorization request and on
 * the token responses of the code, refresh, client-credentials and password grants, each before
 * Keycloak stores the request or signs the tokens (Keycloak 26.5 has no such event for token
 * exchange, CIBA or device grants). It needs a client policy that applies it (the example realm has
 * one: {@code claims-challenge} for every client). On Keycloak 26.6+ the SPIs do this for every
 * request and grant, and this executor does nothing.
 */
public class ClaimsChallengeExecutor implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private final KeycloakSession session;

    public ClaimsChallengeExecutor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getProviderId() {
        return ClaimsChallengeExecutorFactory.PROVIDER_ID;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        if (KeycloakInternals.hasNativeHooks()) {
            return;
        }
        try {
            switch (context.getEvent()) {
                case AUTHORIZATION_REQUEST -> {
                    AuthorizationRequestContext authz = (AuthorizationRequestContext) context;
                    new AuthorizationRequestClaims(session.getContext().getRealm(), session.getContext().getClient(), null)
                            .apply(authz.getAuthorizationEndpointRequest(), authz.getRequestParameters());
                }
                case TOKEN_RESPONSE -> {
                    TokenResponseContext token = (TokenResponseContext) context;
                    enrich(token.getAccessTokenResponseBuilder(), null, token.getParseResult().getCodeData());
                }
                case TOKEN_REFRESH_RESPONSE -> {
                    TokenRefreshResponseContext refresh = (TokenRefreshResponseContext) context;
                    enrich(refresh.getAccessTokenResponseBuilder(),
                            requestRefreshToken(refresh.getParams().getFirst(OAuth2Constants.REFRESH_TOKEN)), null);
                }
                // grants without an authorization request or a refresh token: the audience's policies still apply
                case SERVICE_ACCOUNT_TOKEN_RESPONSE ->
                        enrich(((ServiceAccountTokenResponseContext) context).getAccessTokenResponseBuilder(), null, null);
                case RESOURCE_OWNER_PASSWORD_CREDENTIALS_RESPONSE ->
                        enrich(((ResourceOwnerPasswordCredentialsResponseContext) context).getAccessTokenResponseBuilder(), null, null);
                default -> {
                }
            }
        } catch (OAuthRefusal refusal) {
            throw new ClientPolicyException(refusal.error(), refusal.description());
        }
    }

    /** The tokens a response builder is about to sign; see {@link GrantTokenEnrichment#apply}. */
    private void enrich(AccessTokenResponseBuilder builder, RefreshToken requestRefreshToken, OAuth2Code code) {
        new GrantTokenEnrichment(session).apply(builder.getAccessToken(), builder.getRefreshToken(), requestRefreshToken, code,
                KeycloakInternals.clientSessionContext(builder));
    }

    /** Keycloak verified this refresh token moments ago, in the same request: only read it. */
    private static RefreshToken requestRefreshToken(String encoded) {
        try {
            return encoded == null ? null : TokenVerifier.create(encoded, RefreshToken.class).getToken();
        } catch (VerificationException e) {
            return null;
        }
    }
}

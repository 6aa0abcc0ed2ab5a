package dev.claimschallenge.keycloak.internal;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.encode.AccessTokenContext;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.representations.AccessToken;

/**
 * Whether Keycloak issued an access token lightweight, read from what it encoded in the token id
 * ({@code TokenContextEncoderProvider}, part of Keycloak's services, not a public SPI).
 */
public final class LightweightTokens {

    private LightweightTokens() {
    }

    /** Lightweight, or of a kind Keycloak cannot tell from its id (then treat it as carrying nothing). */
    public static boolean isLightweight(KeycloakSession session, AccessToken token) {
        if (token.getId() == null) {
            return true;
        }
        try {
            return session.getProvider(TokenContextEncoderProvider.class).getTokenContextFromTokenId(token.getId())
                    .getTokenType() != AccessTokenContext.TokenType.REGULAR;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}

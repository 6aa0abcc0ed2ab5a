package dev.claimschallenge.keycloak.rs;

import dev.claimschallenge.keycloak.ClaimsChallengeProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** {@code /realms/{realm}/claims-challenge/...}: what resource servers call to evaluate tokens and learn their policy. */
public class ClaimsChallengeResourceProviderFactory implements RealmResourceProviderFactory, ClaimsChallengeProviderFactory<RealmResourceProvider> {

    public static final String PROVIDER_ID = "claims-challenge";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new ClaimsChallengeResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

}

package dev.claimschallenge.keycloak.admin;

import dev.claimschallenge.keycloak.ClaimsChallengeProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code /admin/realms/{realm}/claims-challenge-contexts}: the authentication contexts as JSON, for automation. */
public class ContextAdminResourceProviderFactory
        implements AdminRealmResourceProviderFactory, AdminRealmResourceProvider,
        ClaimsChallengeProviderFactory<AdminRealmResourceProvider> {

    public static final String PROVIDER_ID = "claims-challenge-contexts";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this; // stateless; the resource is created per request below
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        return new ContextAdminResource(session, realm, auth, adminEvent);
    }

    /** Both the factory's and the (stateless) provider's close: nothing to release. */
    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}

package dev.claimschallenge.keycloak.admin;

import dev.claimschallenge.keycloak.ClaimsChallengeProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code /admin/realms/{realm}/<provider id>}: one kind of stored requirement as JSON, for automation. */
public abstract class RequirementAdminResourceProviderFactory
        implements AdminRealmResourceProviderFactory, AdminRealmResourceProvider,
        ClaimsChallengeProviderFactory<AdminRealmResourceProvider> {

    private final RequirementAdminResource.Api<?> api;

    RequirementAdminResourceProviderFactory(RequirementAdminResource.Api<?> api) {
        this.api = api;
    }

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this; // stateless; the resource is created per request below
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        return new RequirementAdminResource<>(api, session, realm, auth, adminEvent);
    }

    /** Both the factory's and the (stateless) provider's close: nothing to release. */
    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return api.providerId();
    }

    /** {@code /admin/realms/{realm}/claims-challenge-policies}. */
    public static final class Policies extends RequirementAdminResourceProviderFactory {
        public Policies() {
            super(RequirementAdminResource.POLICIES);
        }
    }

    /** {@code /admin/realms/{realm}/claims-challenge-contexts}. */
    public static final class Contexts extends RequirementAdminResourceProviderFactory {
        public Contexts() {
            super(RequirementAdminResource.CONTEXTS);
        }
    }
}

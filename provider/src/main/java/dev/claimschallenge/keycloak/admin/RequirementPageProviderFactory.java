package dev.claimschallenge.keycloak.admin;

import dev.claimschallenge.keycloak.ClaimsChallengeProviderFactory;
import dev.claimschallenge.keycloak.policy.Problems;
import dev.claimschallenge.keycloak.policy.RequirementKind;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * The admin-console page of one kind of stored requirement (Keycloak's declarative UI, feature
 * {@code declarative-ui}): one item per realm component of the kind, its form the kind's fields.
 * Labels and help texts are message keys, shipped in this jar (theme-resources/messages).
 */
public abstract class RequirementPageProviderFactory implements UiPageProviderFactory<UiPageProvider>,
        ClaimsChallengeProviderFactory<UiPageProvider> {

    private static final Logger LOG = Logger.getLogger(RequirementPageProviderFactory.class);

    private final RequirementKind<?> kind;
    private final List<ProviderConfigProperty> properties;

    RequirementPageProviderFactory(RequirementKind<?> kind) {
        this.kind = kind;
        this.properties = kind.pageProperties();
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        // the admin page, the components API and realm imports come here: every problem must be a
        // ComponentValidationException (a 400 with the message), never another exception (a 500)
        try {
            kind.validateComponent(realm, model, AdminRequests.isComponentsEndpoint(session));
        } catch (ComponentValidationException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("Cannot validate " + kind + " " + model.getName(), e);
            throw Problems.invalid("The " + kind.noun() + " cannot be checked (the server log has the details)");
        }
    }

    /** The list page shows these columns. */
    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", kind.listColumns());
    }

    @Override
    public String getHelpText() {
        return kind.pageHelp();
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return properties;
    }

    @Override
    public String getId() {
        return kind.providerId();
    }

    /** "Required claims policies". */
    public static final class Policies extends RequirementPageProviderFactory {
        public Policies() {
            super(RequirementKind.POLICY);
        }
    }

    /** "Authentication contexts". */
    public static final class Contexts extends RequirementPageProviderFactory {
        public Contexts() {
            super(RequirementKind.CONTEXT);
        }
    }
}

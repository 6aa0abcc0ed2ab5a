package dev.claimschallenge.keycloak.admin;

import dev.claimschallenge.keycloak.ClaimsChallengeProviderFactory;
import dev.claimschallenge.keycloak.policy.AuthenticationContext;
import dev.claimschallenge.keycloak.policy.ContextComponents;
import dev.claimschallenge.keycloak.policy.ContextValidator;
import dev.claimschallenge.keycloak.policy.PolicyComponents;
import dev.claimschallenge.keycloak.policy.PolicyField;
import dev.claimschallenge.keycloak.policy.Problems;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * The admin-console page "Authentication contexts" (declarative UI, as the policies page): one
 * item per context, stored as a realm component named by the context id. Labels and help texts
 * are message keys, shipped in this jar (theme-resources/messages).
 */
public class ContextPageProviderFactory implements UiPageProviderFactory<UiPageProvider>, ClaimsChallengeProviderFactory<UiPageProvider> {

    public static final String PROVIDER_ID = ContextComponents.PROVIDER_ID;
    private static final Logger LOG = Logger.getLogger(ContextPageProviderFactory.class);

    private static final List<ProviderConfigProperty> PROPERTIES = java.util.stream.Stream.of(ProviderConfigurationBuilder.create()
            .property().name(ContextComponents.CONTEXT_ID).type(ProviderConfigProperty.STRING_TYPE).required(true)
            .label("claimsChallengeContextId").helpText("claimsChallengeContextIdHelp").add()
            .property().name(ContextComponents.DISPLAY_NAME).type(ProviderConfigProperty.STRING_TYPE)
            .label("claimsChallengeContextDisplayName").helpText("claimsChallengeContextDisplayNameHelp").add()
            .property().name(ContextComponents.DESCRIPTION).type(ProviderConfigProperty.TEXT_TYPE)
            .label("claimsChallengeContextDescription").helpText("claimsChallengeContextDescriptionHelp").add()
            .build(),
            PolicyPageProviderFactory.requirementFields("claimsChallengeContextRequiredClaimsListHelp", "claimsChallengeContextAcrValuesHelp"))
            .flatMap(List::stream).toList();

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        // the admin page, the components API and realm imports come here: every problem must be a
        // ComponentValidationException (a 400 with the message), never another exception (a 500)
        try {
            PolicyComponents.checkSizes(model);
            PolicyPageProviderFactory.syncRequiredClaims(session, realm, model, ContextComponents::isContext);
            Problems problems = new Problems();
            AuthenticationContext context = ContextComponents.toContext(model, problems);
            ContextValidator.validate(realm, context, model.getId(), problems);
            problems.throwIfAny();
            model.setName(context.id()); // the page lists and exports show the id, as the REST API does
        } catch (ComponentValidationException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("Cannot validate authentication context " + model.getName(), e);
            throw PolicyField.invalid("The authentication context cannot be checked (the server log has the details)");
        }
    }

    /** The list page shows these columns. */
    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(ContextComponents.CONTEXT_ID, ContextComponents.DISPLAY_NAME, ContextComponents.ACR_VALUES));
    }

    @Override
    public String getHelpText() {
        return "claimsChallengeContextPageHelp";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}

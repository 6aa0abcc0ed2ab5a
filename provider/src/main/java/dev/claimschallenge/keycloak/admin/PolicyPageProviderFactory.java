package dev.claimschallenge.keycloak.admin;

import dev.claimschallenge.keycloak.ClaimsChallengeProviderFactory;
import dev.claimschallenge.keycloak.policy.PolicyComponents;
import dev.claimschallenge.keycloak.policy.PolicyField;
import dev.claimschallenge.keycloak.policy.PolicyMode;
import dev.claimschallenge.keycloak.policy.PolicyValidator;
import dev.claimschallenge.keycloak.policy.RequiredClaimsList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * The admin-console page "Required claims policies" (Keycloak's declarative UI, feature
 * {@code declarative-ui}): one item per policy, stored as a realm component. Labels and help
 * texts are message keys, shipped in this jar (theme-resources/messages).
 */
public class PolicyPageProviderFactory implements UiPageProviderFactory<UiPageProvider>, ClaimsChallengeProviderFactory<UiPageProvider> {

    public static final String PROVIDER_ID = PolicyComponents.PROVIDER_ID;
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(PolicyPageProviderFactory.class);

    private static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(PolicyComponents.CLIENT).type(ProviderConfigProperty.CLIENT_LIST_TYPE).required(true)
            .label("claimsChallengePolicyClient").helpText("claimsChallengePolicyClientHelp").add()
            .property().name(PolicyComponents.MODE).type(ProviderConfigProperty.LIST_TYPE)
            .options(Arrays.stream(PolicyMode.values()).map(PolicyMode::value).toList())
            .defaultValue(PolicyMode.ADVERTISE.value())
            .label("claimsChallengePolicyMode").helpText("claimsChallengePolicyModeHelp").add()
            .property().name(PolicyComponents.REQUIRED_CLAIMS_LIST).type(ProviderConfigProperty.MAP_TYPE)
            .label("claimsChallengePolicyRequiredClaimsList").helpText("claimsChallengePolicyRequiredClaimsListHelp").add()
            .property().name(PolicyComponents.REQUIRED_CLAIMS).type(ProviderConfigProperty.TEXT_TYPE)
            .defaultValue("[]")
            .label("claimsChallengePolicyRequiredClaims").helpText("claimsChallengePolicyRequiredClaimsHelp").add()
            .property().name(PolicyComponents.ACR_VALUES).type(ProviderConfigProperty.STRING_TYPE)
            .label("claimsChallengePolicyAcrValues").helpText("claimsChallengePolicyAcrValuesHelp").add()
            .property().name(PolicyComponents.MAX_AGE).type(ProviderConfigProperty.STRING_TYPE)
            .label("claimsChallengePolicyMaxAge").helpText("claimsChallengePolicyMaxAgeHelp").add()
            .property().name(PolicyComponents.REQUESTABLE_CLAIMS).type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .label("claimsChallengePolicyRequestableClaims").helpText("claimsChallengePolicyRequestableClaimsHelp").add()
            .build();

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        // the admin page, the components API and realm imports come here: every problem must be a
        // ComponentValidationException (a 400 with the message), never another exception (a 500)
        try {
            syncRequiredClaims(realm, model);
            PolicyValidator.validate(realm, PolicyComponents.toPolicy(model));
        } catch (ComponentValidationException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("Cannot validate required-claims policy " + model.getName(), e);
            throw PolicyField.invalid("The policy cannot be checked (the server log has the details)");
        }
    }

    /**
     * Merges the page's key/value list into the required-claims JSON and rewrites both (the rule is
     * in {@link RequiredClaimsList}). Keycloak stores the model after this method returns, on create,
     * update and import alike, so the rewritten config is what gets persisted; the stored component,
     * still the old one at this point, is the base of the merge.
     */
    private static void syncRequiredClaims(RealmModel realm, ComponentModel model) {
        MultivaluedHashMap<String, String> config = model.getConfig();
        if (config == null) {
            config = new MultivaluedHashMap<>();
            model.setConfig(config);
        }
        ComponentModel stored = model.getId() == null ? null : realm.getComponent(model.getId());
        String list = config.containsKey(PolicyComponents.REQUIRED_CLAIMS_LIST)
                ? Objects.toString(config.getFirst(PolicyComponents.REQUIRED_CLAIMS_LIST), "") : null;
        boolean known = stored != null && PolicyComponents.isPolicy(stored);
        RequiredClaimsList.Synced synced = RequiredClaimsList.sync(list, config.getFirst(PolicyComponents.REQUIRED_CLAIMS),
                known ? stored.get(PolicyComponents.REQUIRED_CLAIMS) : null, known ? stored.get(PolicyComponents.REQUIRED_CLAIMS_LIST) : null);
        config.putSingle(PolicyComponents.REQUIRED_CLAIMS, synced.json());
        config.putSingle(PolicyComponents.REQUIRED_CLAIMS_LIST, synced.list());
    }

    /** The list page shows these columns. */
    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(PolicyComponents.CLIENT, PolicyComponents.MODE, PolicyComponents.ACR_VALUES));
    }

    @Override
    public String getHelpText() {
        return "claimsChallengePolicyPageHelp";
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

package dev.claimschallenge.keycloak.admin;

import dev.claimschallenge.keycloak.ClaimsChallengeProviderFactory;
import dev.claimschallenge.keycloak.policy.PolicyComponents;
import dev.claimschallenge.keycloak.policy.PolicyField;
import dev.claimschallenge.keycloak.policy.PolicyMode;
import dev.claimschallenge.keycloak.policy.PolicyValidator;
import dev.claimschallenge.keycloak.policy.Problems;
import dev.claimschallenge.keycloak.policy.RequiredClaimsList;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
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

    private static final List<ProviderConfigProperty> CLIENT_AND_MODE = ProviderConfigurationBuilder.create()
            .property().name(PolicyComponents.CLIENT).type(ProviderConfigProperty.CLIENT_LIST_TYPE).required(true)
            .label("claimsChallengePolicyClient").helpText("claimsChallengePolicyClientHelp").add()
            .property().name(PolicyComponents.MODE).type(ProviderConfigProperty.LIST_TYPE)
            .options(Arrays.stream(PolicyMode.values()).map(PolicyMode::value).toList())
            .defaultValue(PolicyMode.ADVERTISE.value())
            .label("claimsChallengePolicyMode").helpText("claimsChallengePolicyModeHelp").add()
            .build();

    private static final List<ProviderConfigProperty> PROPERTIES = java.util.stream.Stream.of(CLIENT_AND_MODE,
            requirementFields("claimsChallengePolicyRequiredClaimsListHelp", "claimsChallengePolicyAcrValuesHelp"),
            ProviderConfigurationBuilder.create()
            .property().name(PolicyComponents.REQUESTABLE_CLAIMS).type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .label("claimsChallengePolicyRequestableClaims").helpText("claimsChallengePolicyRequestableClaimsHelp").add()
            .property().name(PolicyComponents.CONTEXTS).type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .label("claimsChallengePolicyContexts").helpText("claimsChallengePolicyContextsHelp").add()
            .build()).flatMap(List::stream).toList();

    /**
     * A config property type the admin console has no editor for: its DynamicComponents render
     * nothing for it (and log "There is no editor registered"), where an undeclared key would be
     * dropped by the components API's reads and updates and by realm exports.
     */
    static final String NO_EDITOR_TYPE = "claims-challenge-stored-only";

    /**
     * The requirement fields a policy and an authentication context share (required claims as rows,
     * acr values, max age), with the same labels on both pages. The required-claims JSON is no visible
     * field of the page: two editors of one stored value cannot stay in sync on a page that is not reloaded
     * after a save (see {@link RequiredClaimsList}).
     */
    static List<ProviderConfigProperty> requirementFields(String requiredClaimsListHelp, String acrValuesHelp) {
        return ProviderConfigurationBuilder.create()
                // declared, so that Keycloak keeps it in the components API, exports and updates, but
                // of a type the console has no editor for, so that the page shows no field for it
                .property().name(PolicyComponents.REQUIRED_CLAIMS).type(NO_EDITOR_TYPE)
                .label("claimsChallengePolicyRequiredClaimsList").helpText(requiredClaimsListHelp).add()
                .property().name(PolicyComponents.REQUIRED_CLAIMS_LIST).type(ProviderConfigProperty.MAP_TYPE)
                .label("claimsChallengePolicyRequiredClaimsList").helpText(requiredClaimsListHelp).add()
                .property().name(PolicyComponents.ACR_VALUES).type(ProviderConfigProperty.STRING_TYPE)
                .label("claimsChallengePolicyAcrValues").helpText(acrValuesHelp).add()
                .property().name(PolicyComponents.MAX_AGE).type(ProviderConfigProperty.STRING_TYPE)
                .label("claimsChallengePolicyMaxAge").helpText("claimsChallengePolicyMaxAgeHelp").add()
                .build();
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        // the admin page, the components API and realm imports come here: every problem must be a
        // ComponentValidationException (a 400 with the message), never another exception (a 500)
        try {
            PolicyComponents.checkSizes(model);
            syncRequiredClaims(session, realm, model, PolicyComponents::isPolicy);
            // every problem of the save in one message: the page shows one toast per save
            Problems problems = new Problems();
            RequiredClaimsPolicy policy = PolicyComponents.toPolicy(model, problems);
            PolicyValidator.validate(realm, policy, problems);
            if (AdminRequests.isComponentsEndpoint(session)) {
                PolicyValidator.checkContextsExist(realm, policy, problems);
            }
            problems.throwIfAny();
        } catch (ComponentValidationException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("Cannot validate required-claims policy " + model.getName(), e);
            throw PolicyField.invalid("The policy cannot be checked (the server log has the details)");
        }
    }

    /**
     * Makes the page's rows and the required-claims JSON agree, with one editor each (the rule is in
     * {@link RequiredClaimsList}): on a save through Keycloak's components endpoint (the page) that
     * sends the rows, the rows; otherwise (the REST API, realm imports) the JSON. Keycloak stores the
     * model after this method returns, on create, update and import alike, so the rewritten config
     * is what gets persisted; the stored component, still the old one at this point, supplies the
     * UMA members the rows cannot show.
     */
    static void syncRequiredClaims(KeycloakSession session, RealmModel realm, ComponentModel model, Predicate<ComponentModel> sameKind) {
        MultivaluedHashMap<String, String> config = model.getConfig();
        if (config == null) {
            config = new MultivaluedHashMap<>();
            model.setConfig(config);
        }
        ComponentModel stored = model.getId() == null ? null : realm.getComponent(model.getId());
        boolean known = stored != null && sameKind.test(stored);
        RequiredClaimsList.Synced synced = RequiredClaimsList.sync(pageRows(session, config, known ? stored : null),
                config.getFirst(PolicyComponents.REQUIRED_CLAIMS), known ? stored.get(PolicyComponents.REQUIRED_CLAIMS) : null);
        config.putSingle(PolicyComponents.REQUIRED_CLAIMS, synced.json());
        config.putSingle(PolicyComponents.REQUIRED_CLAIMS_LIST, synced.list());
    }

    /**
     * The rows a save through the components endpoint (the page) sent, or {@code null} when the
     * writer is another (an export carries the rows too: on import they are the old view of the
     * JSON, not an edit). On an update Keycloak drops a key sent empty, which is what the page sends
     * once the last row is removed: the rows are empty when the stored item had rows and the key is
     * gone. An item stored without rows (saved before they existed) showed none, so a save that
     * sends none leaves its JSON alone.
     */
    private static String pageRows(KeycloakSession session, MultivaluedHashMap<String, String> config, ComponentModel stored) {
        if (!AdminRequests.isComponentsEndpoint(session)) {
            return null;
        }
        if (config.containsKey(PolicyComponents.REQUIRED_CLAIMS_LIST)) {
            return Objects.toString(config.getFirst(PolicyComponents.REQUIRED_CLAIMS_LIST), "");
        }
        return stored != null && stored.getConfig() != null && stored.getConfig().containsKey(PolicyComponents.REQUIRED_CLAIMS_LIST) ? "" : null;
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

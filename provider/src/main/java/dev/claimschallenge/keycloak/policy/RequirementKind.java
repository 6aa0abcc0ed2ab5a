package dev.claimschallenge.keycloak.policy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.claimschallenge.engine.RequiredClaim;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiPageProvider;

/**
 * A kind of stored requirement: a client's required-claims policy ({@link #POLICY}) or a realm's
 * authentication context ({@link #CONTEXT}). Each is a table of {@link Field}s plus what tells the
 * kinds apart; the store, the REST API's JSON, the checks, the admin REST API and the admin page
 * all work from it, so that a new field is one row here (and its page messages).
 *
 * <p>Each item is one realm component (so it is in the database, in realm exports and imports), of
 * the type the admin console's declarative pages list, named by its {@code nameField} so that the
 * page and exports show it.
 *
 * @param providerId  of the admin page and of every component of the kind
 * @param noun        as messages name one ("Invalid policy JSON", "Unknown authentication context field")
 * @param shortNoun   as the JSON's shape names one ("a context has ...")
 * @param fullNoun    as an admin reads it alone ("No such required-claims policy")
 * @param fields      the table: each field's names, forms and page properties, in the order of the page, of the JSON's
 *                    list of members and of the problems reported
 * @param builder     the typed value from its fields' values
 * @param keyField    the field the REST API's URLs name an item by; {@code null}: its component id
 * @param nameField   the field that names an item's component, one per realm
 * @param checks      what any writer (a realm import too) is refused for
 * @param references  the checks that look at other components (a policy's contexts exist): only on
 *                    interactive saves, since a realm import creates components in no guaranteed order
 * @param listColumns the columns of the page's list
 * @param pageHelp    the message key of the page's help text
 */
public record RequirementKind<T extends RequirementFields>(String providerId, String noun, String shortNoun, String fullNoun,
        List<Field<? super T, ?>> fields, Builder<T> builder, Field<T, String> keyField, Field<T, String> nameField, Check<T> checks,
        Check<T> references, List<String> listColumns, String pageHelp) {

    public static final String PROVIDER_TYPE = UiPageProvider.class.getName();
    /** The admin page's key/value view of {@code required_claims}, see {@link RequiredClaimsList}. */
    static final String REQUIRED_CLAIMS_LIST = "required_claims_list";
    /**
     * A config property type the admin console has no editor for: its DynamicComponents render
     * nothing for it (and log "There is no editor registered"), where an undeclared key would be
     * dropped by the components API's reads and updates and by realm exports.
     */
    static final String NO_EDITOR_TYPE = "claims-challenge-stored-only";

    static final Field<RequirementFields, List<RequiredClaim>> REQUIRED_CLAIMS = new Field<>("Required claims", "required_claims",
            "required_claims", RequirementFields::requiredClaims, Field.requiredClaims(), List.of());
    static final Field<RequirementFields, List<String>> ACR_VALUES = new Field<>("Acceptable acr values", "acr_values", "acr_values",
            RequirementFields::acrValues, Field.strings("[\"gold\"]", true, false), List.of());
    static final Field<RequirementFields, Integer> MAX_AGE = new Field<>("Max age (seconds)", "max_age", "max_age",
            RequirementFields::maxAge, Field.seconds(), page("max_age", ProviderConfigProperty.STRING_TYPE, "claimsChallengePolicyMaxAge",
                    "claimsChallengePolicyMaxAgeHelp", false));

    static final Field<RequiredClaimsPolicy, String> CLIENT = new Field<>("Client", "client_id", "client", RequiredClaimsPolicy::clientId,
            Field.text("the clientId of a client of this realm, e.g. \"my-api\"", false),
            page("client", ProviderConfigProperty.CLIENT_LIST_TYPE, "claimsChallengePolicyClient", "claimsChallengePolicyClientHelp", true));
    static final Field<RequiredClaimsPolicy, PolicyMode> MODE = new Field<>("Mode", "mode", "mode", RequiredClaimsPolicy::mode, Field.mode(),
            ProviderConfigurationBuilder.create().property().name("mode").type(ProviderConfigProperty.LIST_TYPE)
                    .options(Arrays.stream(PolicyMode.values()).map(PolicyMode::value).toList()).defaultValue(PolicyMode.ADVERTISE.value())
                    .label("claimsChallengePolicyMode").helpText("claimsChallengePolicyModeHelp").add().build());
    static final Field<RequiredClaimsPolicy, List<String>> REQUESTABLE_CLAIMS = new Field<>("Requestable claims", "requestable_claims",
            "requestable_claims", RequiredClaimsPolicy::requestableClaims, Field.strings("[\"department\"]", false, false),
            page("requestable_claims", ProviderConfigProperty.MULTIVALUED_STRING_TYPE, "claimsChallengePolicyRequestableClaims",
                    "claimsChallengePolicyRequestableClaimsHelp", false));
    /** Ids of the authentication contexts the client's operations use (multivalued, as the page writes it; commas split too). */
    static final Field<RequiredClaimsPolicy, List<String>> CONTEXTS = new Field<>("Authentication contexts", "contexts", "contexts",
            RequiredClaimsPolicy::contexts, Field.strings("[\"c1\"]", false, true),
            page("contexts", ProviderConfigProperty.MULTIVALUED_STRING_TYPE, "claimsChallengePolicyContexts", "claimsChallengePolicyContextsHelp",
                    false));

    static final Field<AuthenticationContext, String> ID = new Field<>("Context id", "id", "context_id", AuthenticationContext::id,
            Field.text("a short id such as \"c1\"", true),
            page("context_id", ProviderConfigProperty.STRING_TYPE, "claimsChallengeContextId", "claimsChallengeContextIdHelp", true));
    static final Field<AuthenticationContext, String> DISPLAY_NAME = new Field<>("Display name", "display_name", "display_name",
            AuthenticationContext::displayName, Field.text("text shown to admins, e.g. \"Strong and recent\"", false),
            page("display_name", ProviderConfigProperty.STRING_TYPE, "claimsChallengeContextDisplayName", "claimsChallengeContextDisplayNameHelp",
                    false));
    static final Field<AuthenticationContext, String> DESCRIPTION = new Field<>("Description", "description", "description",
            AuthenticationContext::description, Field.text("text shown to admins", false),
            page("description", ProviderConfigProperty.TEXT_TYPE, "claimsChallengeContextDescription", "claimsChallengeContextDescriptionHelp",
                    false));

    public static final RequirementKind<RequiredClaimsPolicy> POLICY = new RequirementKind<>("claims-challenge-policy",
            "policy", "policy", "required-claims policy",
            fields(List.of(CLIENT, MODE), requirement("claimsChallengePolicyRequiredClaimsListHelp", "claimsChallengePolicyAcrValuesHelp"),
                    List.of(REQUESTABLE_CLAIMS, CONTEXTS)),
            (componentId, v) -> new RequiredClaimsPolicy(componentId, v.get(CLIENT), v.get(REQUIRED_CLAIMS), v.get(ACR_VALUES), v.get(MAX_AGE),
                    v.get(REQUESTABLE_CLAIMS), v.get(MODE), v.get(CONTEXTS)),
            null, CLIENT, RequirementChecks::policy, RequirementChecks::policyReferences,
            List.of(CLIENT.key(), MODE.key(), ACR_VALUES.key()), "claimsChallengePolicyPageHelp");

    public static final RequirementKind<AuthenticationContext> CONTEXT = new RequirementKind<>("claims-challenge-context",
            "authentication context", "context", "authentication context",
            fields(List.of(ID, DISPLAY_NAME, DESCRIPTION),
                    requirement("claimsChallengeContextRequiredClaimsListHelp", "claimsChallengeContextAcrValuesHelp"), List.of()),
            (componentId, v) -> new AuthenticationContext(v.get(ID), v.get(DISPLAY_NAME), v.get(DESCRIPTION), v.get(REQUIRED_CLAIMS),
                    v.get(ACR_VALUES), v.get(MAX_AGE)),
            ID, ID, RequirementChecks::context, (realm, context, componentId, problems) -> {
            }, List.of(ID.key(), DISPLAY_NAME.key(), ACR_VALUES.key()), "claimsChallengeContextPageHelp");

    private static final Logger LOG = Logger.getLogger(RequirementKind.class);
    /** What the REST API's GET shows and its PUT and POST ignore. */
    private static final List<String> SHOWN_ONLY = List.of("id", "problem");

    /** Builds a value from its fields' values ({@code componentId}: the component's id, {@code null} for a new one). */
    interface Builder<T> {
        T build(String componentId, Values values);
    }

    /** Checks of one value before it is stored ({@code componentId}: its component, {@code null} for a new one), each problem noted. */
    interface Check<T> {
        void check(RealmModel realm, T value, String componentId, Problems problems);
    }

    /** The values read from one form, by field (by its JSON name: a shared row's copy with its page properties is the same field). */
    static final class Values {
        private final Map<String, Object> values = new HashMap<>();

        @SuppressWarnings("unchecked")
        <V> V get(Field<?, V> field) {
            return (V) values.get(field.json());
        }

        void put(Field<?, ?> field, Object value) {
            values.put(field.json(), value);
        }
    }

    /** Whether the REST API's URLs name an item by its component id (the server picks it: POST), not by one of its fields (PUT creates). */
    public boolean keyedByComponentId() {
        return keyField == null;
    }

    /**
     * {@code value} under {@code key}, the id its URL names ({@code null}: none yet). A body that names
     * another id is refused: an id cannot be changed.
     */
    public T withKey(T value, String key, Problems problems) {
        String named = keyOf(value);
        if (named != null && !named.equals(key)) {
            problems.add(keyField.problem("the body names \"" + named + "\" but the URL names \"" + key
                    + "\"; an id cannot be changed (create the new one, move the policies to it, delete the old one)"));
        }
        Values values = new Values();
        for (Field<? super T, ?> field : fields) {
            values.put(field, keyField != null && field.json().equals(keyField.json()) ? key : get(field, value));
        }
        return builder.build(keyField == null ? key : null, values);
    }

    /** What a REST URL names a component by. */
    String keyOf(ComponentModel component) {
        return keyField == null ? component.getId() : keyField.fromConfig(config(component));
    }

    /** What {@code value} is named by in a REST URL, or {@code null} when that is the component id. */
    private String keyOf(T value) {
        return keyField == null ? null : keyField.get().apply(value);
    }

    String nameOf(T value) {
        return nameField.get().apply(value);
    }

    String nameOf(ComponentModel component) {
        return nameField.fromConfig(config(component));
    }

    boolean isKind(ComponentModel component) {
        return providerId.equals(component.getProviderId()) && PROVIDER_TYPE.equals(component.getProviderType());
    }

    /** The REST API's JSON form of an item ({@link RequiredClaimJson}), without the problem. */
    public Map<String, Object> toJson(T value) {
        return RequiredClaimJson.MAPPER.convertValue(value, new TypeReference<Map<String, Object>>() {
        });
    }

    /** The admin API's JSON of a stored item, with {@code problem} when it is unreadable or no longer valid (then what names it, at least). */
    public Map<String, Object> toJson(RequirementStore.Stored<T> stored) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (stored.value() != null) {
            json.putAll(toJson(stored.value()));
        } else {
            if (stored.key() != null) {
                json.put("id", stored.key());
            }
            if (nameField != keyField && stored.name() != null) {
                json.put(nameField.json(), stored.name());
            }
        }
        if (stored.problem() != null) {
            json.put("problem", stored.problem());
        }
        return json;
    }

    /** The REST API's body (without an id): every field's problem noted, and that field read as empty. */
    public T read(String body, Problems problems) {
        List<String> names = fields.stream().map(Field::json).toList();
        JsonNode root = RequirementJson.object(body, noun, "a " + shortNoun + " is a JSON object with " + String.join(", ", names));
        for (Iterator<String> members = root.fieldNames(); members.hasNext(); ) {
            String member = members.next();
            if (!SHOWN_ONLY.contains(member) && !names.contains(member)) {
                problems.add(Problems.invalid("Unknown " + noun + " field \"" + RequirementJson.abbreviate(member) + "\"; a " + shortNoun
                        + " has " + String.join(", ", names)));
            }
        }
        Values values = new Values();
        for (Field<? super T, ?> field : fields) {
            values.put(field, problems.read(field.json(), () -> field.fromJson(root.get(field.json())), field.form().empty()));
        }
        return builder.build(null, values);
    }

    /** As {@link #read(String, Problems)}, refusing every problem at once. */
    T read(String body) {
        Problems problems = new Problems();
        T value = read(body, problems);
        problems.throwIfAny();
        return value;
    }

    /**
     * Reads a stored component; malformed content is a {@link ComponentValidationException} naming
     * each field (never another exception: the admin page, realm imports and token requests call
     * this, and a 500 helps nobody).
     */
    T fromComponent(ComponentModel component) {
        Problems problems = new Problems();
        T value = fromComponent(component, problems);
        problems.throwIfAny();
        return value;
    }

    /** As {@link #fromComponent(ComponentModel)}, noting each unreadable field in {@code problems} and reading it as empty. */
    T fromComponent(ComponentModel component, Problems problems) {
        MultivaluedHashMap<String, String> config = config(component);
        try {
            Values values = new Values();
            for (Field<? super T, ?> field : fields) {
                values.put(field, problems.read(field.json(), () -> field.fromConfig(config), field.form().empty()));
            }
            return builder.build(component.getId(), values);
        } catch (ComponentValidationException e) {
            throw e;
        } catch (RuntimeException e) {
            // a defect here, not the admin's input: the message says what to do, the log says why
            LOG.warn("Cannot read " + fullNoun + " " + component.getId(), e);
            throw Problems.invalid("Unreadable " + noun + " (the server log has the details); save it again or delete it");
        }
    }

    /** The component that stores {@code value} ({@code componentId}: {@code null} for a new one). */
    public ComponentModel toComponent(RealmModel realm, String componentId, T value) {
        ComponentModel component = new ComponentModel();
        component.setId(componentId);
        component.setName(nameOf(value));
        component.setProviderId(providerId);
        component.setProviderType(PROVIDER_TYPE);
        component.setParentId(realm.getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        fields.forEach(field -> field.toConfig(value, config));
        component.setConfig(config);
        return component;
    }

    /** Notes every problem of {@code value} that any writer (a realm import too) must be refused for. */
    void validate(RealmModel realm, T value, String componentId, Problems problems) {
        checks.check(realm, value, componentId, problems);
    }

    /** As {@link #validate}, plus the checks of what the value refers to: for the REST API and the page. */
    public void validateInteractive(RealmModel realm, T value, String componentId, Problems problems) {
        validate(realm, value, componentId, problems);
        references.check(realm, value, componentId, problems);
    }

    /**
     * Checks a component the page, the components API or a realm import saves, and makes its rows and
     * its required-claims JSON agree ({@link RequiredClaimsList#syncPage}). Keycloak stores the model
     * after this returns, so the rewritten config is what gets persisted.
     *
     * @param interactive whether an admin saves it through the components endpoint (the page), where
     *                    the rows are the editor and the references can be checked
     */
    public void validateComponent(RealmModel realm, ComponentModel model, boolean interactive) {
        RequirementChecks.checkSizes(model);
        RequiredClaimsList.syncPage(realm, model, interactive, this::isKind);
        // every problem of the save in one message: the page shows one toast per save
        Problems problems = new Problems();
        T value = fromComponent(model, problems);
        if (interactive) {
            validateInteractive(realm, value, model.getId(), problems);
        } else {
            validate(realm, value, model.getId(), problems);
        }
        problems.throwIfAny();
        model.setName(nameOf(value)); // the page lists and exports show it, as for items the REST API writes
    }

    /** The page's properties, in the order of the fields. */
    public List<ProviderConfigProperty> pageProperties() {
        return fields.stream().flatMap(field -> field.page().stream()).toList();
    }

    private static <T, V> V get(Field<T, V> field, T value) {
        return field.get().apply(value);
    }

    private static MultivaluedHashMap<String, String> config(ComponentModel component) {
        return component.getConfig() == null ? new MultivaluedHashMap<>() : component.getConfig();
    }

    /**
     * The requirement fields both kinds have (required claims as rows, acr values, max age), with the
     * same labels on both pages. The required-claims JSON is no visible field of the page: two editors
     * of one stored value cannot stay in sync on a page that is not reloaded after a save
     * ({@link RequiredClaimsList}); it is declared, so that Keycloak keeps it in the components API,
     * exports and updates, but of a type the console has no editor for.
     */
    private static List<Field<RequirementFields, ?>> requirement(String requiredClaimsHelp, String acrValuesHelp) {
        List<ProviderConfigProperty> claims = ProviderConfigurationBuilder.create()
                .property().name(REQUIRED_CLAIMS.key()).type(NO_EDITOR_TYPE)
                .label("claimsChallengePolicyRequiredClaimsList").helpText(requiredClaimsHelp).add()
                .property().name(REQUIRED_CLAIMS_LIST).type(ProviderConfigProperty.MAP_TYPE)
                .label("claimsChallengePolicyRequiredClaimsList").helpText(requiredClaimsHelp).add()
                .build();
        return List.of(REQUIRED_CLAIMS.withPage(claims),
                ACR_VALUES.withPage(page(ACR_VALUES.key(), ProviderConfigProperty.STRING_TYPE, "claimsChallengePolicyAcrValues", acrValuesHelp, false)),
                MAX_AGE);
    }

    @SafeVarargs
    private static <T> List<Field<? super T, ?>> fields(List<? extends Field<? super T, ?>>... groups) {
        return Stream.of(groups).<Field<? super T, ?>>flatMap(List::stream).toList();
    }

    private static List<ProviderConfigProperty> page(String name, String type, String label, String help, boolean required) {
        return ProviderConfigurationBuilder.create().property().name(name).type(type).label(label).helpText(help).required(required).add().build();
    }

    @Override
    public String toString() {
        return fullNoun;
    }
}

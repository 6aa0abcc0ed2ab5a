package dev.claimschallenge.keycloak.policy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.claimschallenge.engine.RequiredClaim;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiPageProvider;

/**
 * A policy is stored as one realm component (so it is in the database, in realm exports and in
 * imports), of the type the admin console's declarative page lists. This class maps between the
 * two; the keys are also the form fields on that page.
 */
public final class PolicyComponents {

    /** Provider id of the admin page and of every policy component. */
    public static final String PROVIDER_ID = "claims-challenge-policy";
    public static final String PROVIDER_TYPE = UiPageProvider.class.getName();

    public static final String CLIENT = "client";
    public static final String REQUIRED_CLAIMS = "required_claims";
    /** The admin page's key/value view of {@link #REQUIRED_CLAIMS}, see {@link RequiredClaimsList}. */
    public static final String REQUIRED_CLAIMS_LIST = "required_claims_list";
    public static final String ACR_VALUES = "acr_values";
    public static final String MAX_AGE = "max_age";
    public static final String REQUESTABLE_CLAIMS = "requestable_claims";
    public static final String MODE = "mode";
    /** Ids of the authentication contexts the client's operations use (multivalued, as the page writes it; commas split too). */
    public static final String CONTEXTS = "contexts";

    private PolicyComponents() {
    }

    public static boolean isPolicy(ComponentModel component) {
        return PROVIDER_ID.equals(component.getProviderId()) && PROVIDER_TYPE.equals(component.getProviderType());
    }

    /**
     * Reads a stored component; malformed content is a {@link ComponentValidationException} naming
     * the field (never another exception: the admin page, realm imports and token requests call
     * this, and a 500 helps nobody).
     */
    public static RequiredClaimsPolicy toPolicy(ComponentModel component) {
        Problems problems = new Problems();
        RequiredClaimsPolicy policy = toPolicy(component, problems);
        problems.throwIfAny();
        return policy;
    }

    /** As {@link #toPolicy(ComponentModel)}, noting each unreadable field in {@code problems} and reading it as empty. */
    public static RequiredClaimsPolicy toPolicy(ComponentModel component, Problems problems) {
        MultivaluedHashMap<String, String> config = component.getConfig() == null ? new MultivaluedHashMap<>() : component.getConfig();
        Integer parsedMaxAge = problems.read(MAX_AGE, () -> maxAge(config), null);
        String value = blankToNull(config.getFirst(MODE));
        PolicyMode mode = value == null ? PolicyMode.ADVERTISE : problems.read(MODE, () -> PolicyMode.parse(value), PolicyMode.ADVERTISE);
        List<RequiredClaim> requiredClaims = problems.read(REQUIRED_CLAIMS, () -> PolicyJson.requiredClaims(config.getFirst(REQUIRED_CLAIMS)), List.of());
        try {
            return new RequiredClaimsPolicy(component.getId(), blankToNull(config.getFirst(CLIENT)),
                    requiredClaims, commaSeparated(config.get(ACR_VALUES)), parsedMaxAge,
                    nonBlank(config.get(REQUESTABLE_CLAIMS)), mode,
                    // a set: Keycloak keeps no order of multivalued config, so show it sorted, the same every time
                    commaSeparated(config.get(CONTEXTS)).stream().distinct().sorted().toList());
        } catch (ComponentValidationException e) {
            throw e;
        } catch (RuntimeException e) {
            // a defect here, not the admin's input: the message says what to do, the log says why
            org.jboss.logging.Logger.getLogger(PolicyComponents.class).warn("Cannot read policy " + component.getId(), e);
            throw PolicyField.invalid("Unreadable policy (the server log has the details); save it again or delete it");
        }
    }

    /**
     * Refuses a component with a config value longer than {@link PolicyValidator#MAX_DOCUMENT_CHARS}
     * before anything reads it (the page, the components API and imports come here; the REST APIs
     * refuse such a body before parsing it).
     */
    public static void checkSizes(ComponentModel component) {
        if (component.getConfig() == null) {
            return;
        }
        component.getConfig().forEach((key, values) -> {
            int length = values == null ? 0 : values.stream().mapToInt(v -> v == null ? 0 : v.length()).sum();
            if (length > PolicyValidator.MAX_DOCUMENT_CHARS) {
                throw PolicyField.invalid("Field " + PolicyJson.abbreviate(key) + " has " + length + " characters; at most "
                        + PolicyValidator.MAX_DOCUMENT_CHARS + " per field");
            }
        });
    }

    /** The stored {@code max_age} of a policy or a context: seconds, or {@code null} for none. */
    static Integer maxAge(MultivaluedHashMap<String, String> config) {
        String maxAge = blankToNull(config.getFirst(MAX_AGE));
        try {
            return maxAge == null ? null : Integer.valueOf(maxAge.trim());
        } catch (NumberFormatException e) {
            throw PolicyField.MAX_AGE.problem("must be a whole number of seconds, e.g. 300, not \"" + maxAge + "\"");
        }
    }

    public static ComponentModel toComponent(RealmModel realm, RequiredClaimsPolicy policy) {
        ComponentModel component = new ComponentModel();
        component.setId(policy.id());
        component.setName(policy.clientId());
        component.setProviderId(PROVIDER_ID);
        component.setProviderType(PROVIDER_TYPE);
        component.setParentId(realm.getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle(CLIENT, policy.clientId());
        config.putSingle(REQUIRED_CLAIMS, writeRequiredClaims(policy.requiredClaims()));
        // one comma-separated value: Keycloak does not keep the order of multivalued component config
        if (!policy.acrValues().isEmpty()) {
            config.putSingle(ACR_VALUES, String.join(",", policy.acrValues()));
        }
        if (policy.maxAge() != null) {
            config.putSingle(MAX_AGE, String.valueOf(policy.maxAge()));
        }
        config.put(REQUESTABLE_CLAIMS, policy.requestableClaims());
        config.putSingle(MODE, policy.mode().value());
        if (!policy.contexts().isEmpty()) {
            config.put(CONTEXTS, policy.contexts());
        }
        component.setConfig(config);
        return component;
    }

    static String writeRequiredClaims(List<RequiredClaim> claims) {
        try {
            return RequiredClaimJson.MAPPER.writeValueAsString(claims);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write required_claims", e);
        }
    }

    /** The JSON form of a policy, as the admin REST API and the RS endpoints show it. */
    public static Map<String, Object> toJson(RequiredClaimsPolicy policy) {
        return RequiredClaimJson.MAPPER.convertValue(policy, new TypeReference<Map<String, Object>>() {
        });
    }

    static List<String> commaSeparated(List<String> values) {
        return nonBlank(values == null ? null : values.stream()
                .flatMap(value -> value == null ? java.util.stream.Stream.empty() : java.util.Arrays.stream(value.split(",")))
                .toList());
    }

    static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).map(String::trim).toList();
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

}

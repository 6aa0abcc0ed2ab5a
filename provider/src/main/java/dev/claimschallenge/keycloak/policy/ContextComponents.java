package dev.claimschallenge.keycloak.policy;

import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.RealmModel;

/**
 * An authentication context is stored as one realm component, as a policy is (so it is in the
 * database, in realm exports and in imports), of the type the admin console's "Authentication
 * contexts" page lists. The component's name is the context id, so that the page and exports
 * show it; the keys are also the page's form fields.
 */
public final class ContextComponents {

    /** Provider id of the admin page and of every context component. */
    public static final String PROVIDER_ID = "claims-challenge-context";
    public static final String PROVIDER_TYPE = PolicyComponents.PROVIDER_TYPE;

    public static final String CONTEXT_ID = "context_id";
    public static final String DISPLAY_NAME = "display_name";
    public static final String DESCRIPTION = "description";
    public static final String REQUIRED_CLAIMS = PolicyComponents.REQUIRED_CLAIMS;
    public static final String REQUIRED_CLAIMS_LIST = PolicyComponents.REQUIRED_CLAIMS_LIST;
    public static final String ACR_VALUES = PolicyComponents.ACR_VALUES;
    public static final String MAX_AGE = PolicyComponents.MAX_AGE;

    private ContextComponents() {
    }

    public static boolean isContext(ComponentModel component) {
        return PROVIDER_ID.equals(component.getProviderId()) && PROVIDER_TYPE.equals(component.getProviderType());
    }

    /** The context id a stored component claims (before it is read in full), or {@code null}. */
    static String idOf(ComponentModel component) {
        return component.getConfig() == null ? null : PolicyComponents.blankToNull(component.getConfig().getFirst(CONTEXT_ID));
    }

    /** Reads a stored component; malformed content is a {@link ComponentValidationException} naming each field. */
    public static AuthenticationContext toContext(ComponentModel component) {
        Problems problems = new Problems();
        AuthenticationContext context = toContext(component, problems);
        problems.throwIfAny();
        return context;
    }

    /** As {@link #toContext(ComponentModel)}, noting each unreadable field in {@code problems} and reading it as empty. */
    public static AuthenticationContext toContext(ComponentModel component, Problems problems) {
        MultivaluedHashMap<String, String> config = component.getConfig() == null ? new MultivaluedHashMap<>() : component.getConfig();
        Integer parsedMaxAge = problems.read(MAX_AGE, () -> PolicyComponents.maxAge(config), null);
        String id = PolicyComponents.blankToNull(config.getFirst(CONTEXT_ID));
        return new AuthenticationContext(id == null ? null : id.trim(), PolicyComponents.blankToNull(config.getFirst(DISPLAY_NAME)),
                PolicyComponents.blankToNull(config.getFirst(DESCRIPTION)),
                problems.read(REQUIRED_CLAIMS, () -> PolicyJson.requiredClaims(config.getFirst(REQUIRED_CLAIMS)), java.util.List.of()),
                PolicyComponents.commaSeparated(config.get(ACR_VALUES)), parsedMaxAge);
    }

    /** The JSON form of a context, as the admin REST API and the RS endpoints show it. */
    public static java.util.Map<String, Object> toJson(AuthenticationContext context) {
        return RequiredClaimJson.MAPPER.convertValue(context,
                new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>() {
                });
    }

    /** @param componentId the component's id ({@code null}: a new one) */
    public static ComponentModel toComponent(RealmModel realm, String componentId, AuthenticationContext context) {
        ComponentModel component = new ComponentModel();
        component.setId(componentId);
        component.setName(context.id());
        component.setProviderId(PROVIDER_ID);
        component.setProviderType(PROVIDER_TYPE);
        component.setParentId(realm.getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle(CONTEXT_ID, context.id());
        if (context.displayName() != null) {
            config.putSingle(DISPLAY_NAME, context.displayName());
        }
        if (context.description() != null) {
            config.putSingle(DESCRIPTION, context.description());
        }
        config.putSingle(REQUIRED_CLAIMS, PolicyComponents.writeRequiredClaims(context.requiredClaims()));
        if (!context.acrValues().isEmpty()) {
            // one comma-separated value: Keycloak does not keep the order of multivalued component config
            config.putSingle(ACR_VALUES, String.join(",", context.acrValues()));
        }
        if (context.maxAge() != null) {
            config.putSingle(MAX_AGE, String.valueOf(context.maxAge()));
        }
        component.setConfig(config);
        return component;
    }
}

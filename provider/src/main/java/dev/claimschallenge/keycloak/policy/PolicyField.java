package dev.claimschallenge.keycloak.policy;

import org.keycloak.component.ComponentValidationException;

/**
 * The fields of a policy, named in messages as the admin page labels them (the English labels of
 * {@code theme-resources/messages/messages_en.properties}), followed by the JSON name the REST API
 * and realm exports use, so that an admin on either side finds the field.
 */
public enum PolicyField {
    CLIENT("Client", "client_id"),
    MODE("Mode", PolicyComponents.MODE),
    REQUIRED_CLAIMS("Required claims", PolicyComponents.REQUIRED_CLAIMS),
    ACR_VALUES("Acceptable acr values", PolicyComponents.ACR_VALUES),
    MAX_AGE("Max age (seconds)", PolicyComponents.MAX_AGE),
    REQUESTABLE_CLAIMS("Requestable claims", PolicyComponents.REQUESTABLE_CLAIMS),
    CONTEXTS("Authentication contexts", PolicyComponents.CONTEXTS);

    private final String label;
    private final String json;

    PolicyField(String label, String json) {
        this.label = label;
        this.json = json;
    }

    public String label() {
        return label;
    }

    public String json() {
        return json;
    }

    /** A validation error about this field: {@code Label (json_name): what}. */
    public ComponentValidationException problem(String what) {
        return invalid(label + " (" + json + "): " + what);
    }

    /**
     * A validation error with {@code text} as its message. Keycloak's components endpoint (the
     * admin page, and imports through it) uses a message as a {@link java.text.MessageFormat}
     * pattern, where braces fail (a 500) and single quotes vanish, while a realm import shows it
     * as it is: so messages hold neither, and echoed input has them replaced.
     */
    public static ComponentValidationException invalid(String text) {
        return new ComponentValidationException(text.replace('{', '(').replace('}', ')').replace('\'', '"'));
    }

    /** The message of {@code e} as an admin should read it. */
    public static String text(ComponentValidationException e) {
        return e.getMessage();
    }
}

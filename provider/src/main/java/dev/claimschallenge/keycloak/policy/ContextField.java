package dev.claimschallenge.keycloak.policy;

import org.keycloak.component.ComponentValidationException;

/**
 * The fields only an authentication context has, named in messages as its admin page labels them,
 * followed by the JSON name (see {@link PolicyField}, whose labels the shared requirement fields
 * use on both pages).
 */
public enum ContextField {
    ID("Context id", "id"),
    DISPLAY_NAME("Display name", "display_name"),
    DESCRIPTION("Description", "description");

    private final String label;
    private final String json;

    ContextField(String label, String json) {
        this.label = label;
        this.json = json;
    }

    public String json() {
        return json;
    }

    public ComponentValidationException problem(String what) {
        return PolicyField.invalid(label + " (" + json + "): " + what);
    }
}

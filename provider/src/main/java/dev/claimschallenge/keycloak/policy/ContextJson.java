package dev.claimschallenge.keycloak.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;

/**
 * Reads an authentication context's JSON (the admin REST API's body) field by field, with the
 * messages {@link PolicyJson} gives for the fields a policy shares. Every problem is a
 * {@link org.keycloak.component.ComponentValidationException}.
 */
public final class ContextJson {

    static final List<String> FIELDS = List.of(ContextField.ID.json(), ContextField.DISPLAY_NAME.json(), ContextField.DESCRIPTION.json(),
            PolicyField.REQUIRED_CLAIMS.json(), PolicyField.ACR_VALUES.json(), PolicyField.MAX_AGE.json());
    /** What GET shows and PUT ignores. */
    private static final String PROBLEM = "problem";

    private ContextJson() {
    }

    public static AuthenticationContext read(String body) {
        Problems problems = new Problems();
        AuthenticationContext context = read(body, problems);
        problems.throwIfAny();
        return context;
    }

    /** As {@link #read(String)}, noting each field's problem and reading that field as empty; a body that is no JSON object is refused at once. */
    public static AuthenticationContext read(String body, Problems problems) {
        JsonNode root = PolicyJson.object(body, "authentication context", "a context is a JSON object with " + String.join(", ", FIELDS));
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(PROBLEM) && !FIELDS.contains(name)) {
                problems.add(PolicyField.invalid("Unknown authentication context field \"" + PolicyJson.abbreviate(name) + "\"; a context has "
                        + String.join(", ", FIELDS)));
            }
        }
        return new AuthenticationContext(
                problems.read(ContextField.ID.json(), () -> text(ContextField.ID, root, "a short id such as \"c1\""), null),
                problems.read(ContextField.DISPLAY_NAME.json(),
                        () -> text(ContextField.DISPLAY_NAME, root, "text shown to admins, e.g. \"Strong and recent\""), null),
                problems.read(ContextField.DESCRIPTION.json(), () -> text(ContextField.DESCRIPTION, root, "text shown to admins"), null),
                problems.read(PolicyField.REQUIRED_CLAIMS.json(), () -> PolicyJson.requiredClaims(root.get(PolicyField.REQUIRED_CLAIMS.json())), List.of()),
                problems.read(PolicyField.ACR_VALUES.json(),
                        () -> PolicyJson.strings(PolicyField.ACR_VALUES, root.get(PolicyField.ACR_VALUES.json()), "[\"gold\"]"), List.of()),
                problems.read(PolicyField.MAX_AGE.json(), () -> PolicyJson.maxAge(root.get(PolicyField.MAX_AGE.json())), null));
    }

    private static String text(ContextField field, JsonNode root, String expected) {
        JsonNode node = root.get(field.json());
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw field.problem("must be a string: " + expected + ", not " + PolicyJson.kind(node));
        }
        return node.textValue();
    }
}

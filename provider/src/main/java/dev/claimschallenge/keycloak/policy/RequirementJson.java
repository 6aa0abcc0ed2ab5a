package dev.claimschallenge.keycloak.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.claimschallenge.engine.RequiredClaim;
import dev.claimschallenge.keycloak.claims.ClaimsRequestParser;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.util.JsonSerialization;

/**
 * The JSON of a policy or an authentication context (the admin REST API's body, the
 * {@code required_claims} text of the admin page, of stored components and realm imports), read
 * member by member, so that a wrong type gets a message that names the field and the fix instead of
 * a Java type, and nothing arrives as a different type than sent ({@code "name": 42} is refused,
 * not stored as {@code "42"}). Every problem is a {@link ComponentValidationException}.
 */
final class RequirementJson {

    static final String NAME = "name";
    static final String VALUES = "values";
    private static final List<String> ENTRY_MEMBERS = List.of(NAME, "friendly_name", "claim_type", "claim_token_format", "issuer", VALUES);
    /** No braces: see {@link Problems#invalid}. */
    private static final String ENTRY_SHAPE = "an object with \"name\" and optional \"values\" (e.g. \"name\": \"tos_version\", \"values\": [\"2024-06\"])";

    private RequirementJson() {
    }

    /**
     * The body of an admin REST call as a JSON object, or a refusal in words: {@code Invalid
     * <what> JSON: ...}, with {@code shape} when it is JSON of another kind.
     */
    static JsonNode object(String body, String what, String shape) {
        if (body != null && body.length() > RequirementChecks.MAX_DOCUMENT_CHARS) {
            throw Problems.invalid("Invalid " + what + " JSON: the body has " + body.length() + " characters; at most "
                    + RequirementChecks.MAX_DOCUMENT_CHARS);
        }
        JsonNode root;
        try {
            root = JsonSerialization.mapper.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw Problems.invalid("Invalid " + what + " JSON: the body is not valid JSON");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw Problems.invalid("Invalid " + what + " JSON: empty body");
        }
        if (!root.isObject()) {
            throw Problems.invalid("Invalid " + what + " JSON: " + shape);
        }
        return root;
    }

    /** The {@code required_claims} text as the admin page and realm components hold it. */
    static List<RequiredClaim> requiredClaims(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        if (json.length() > RequirementChecks.MAX_DOCUMENT_CHARS) {
            throw RequirementKind.REQUIRED_CLAIMS.problem("has " + json.length() + " characters; at most " + RequirementChecks.MAX_DOCUMENT_CHARS);
        }
        try {
            return requiredClaims(JsonSerialization.mapper.readTree(json));
        } catch (JsonProcessingException e) {
            throw RequirementKind.REQUIRED_CLAIMS.problem("not valid JSON; write a JSON array of claims, each " + ENTRY_SHAPE + ", or [] for none");
        }
    }

    static List<RequiredClaim> requiredClaims(JsonNode node) {
        Field<?, ?> field = RequirementKind.REQUIRED_CLAIMS;
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw field.problem("must be a JSON array of claims, each " + ENTRY_SHAPE + "; found " + kind(node));
        }
        List<RequiredClaim> claims = new ArrayList<>();
        int index = 0;
        for (JsonNode entry : node) {
            index++;
            String where = "entry " + index + " ";
            if (!entry.isObject()) {
                throw field.problem(where + "must be " + ENTRY_SHAPE + "; found " + kind(entry));
            }
            for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!ENTRY_MEMBERS.contains(name)) {
                    throw field.problem(where + "has an unknown member \"" + abbreviate(name) + "\"; allowed are "
                            + String.join(", ", ENTRY_MEMBERS));
                }
            }
            String name = entryText(where, entry, NAME, "the claim's name in the token, e.g. \"tos_version\"");
            claims.add(new RequiredClaim(name,
                    entryText(where, entry, "friendly_name", "text shown to people"),
                    entryText(where, entry, "claim_type", "text"),
                    entryStrings(where, entry, "claim_token_format"),
                    entryStrings(where, entry, "issuer"),
                    values(where, entry.get(VALUES))));
        }
        return claims;
    }

    private static String entryText(String where, JsonNode entry, String member, String expected) {
        JsonNode node = entry.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw RequirementKind.REQUIRED_CLAIMS.problem(where + member + " must be a string (" + expected + "), not " + kind(node));
        }
        return node.textValue();
    }

    private static List<String> entryStrings(String where, JsonNode entry, String member) {
        JsonNode node = entry.get(member);
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode each : node) {
                if (!each.isTextual()) {
                    out = null;
                    break;
                }
                out.add(each.textValue());
            }
        }
        if (out == null || !node.isArray()) {
            throw RequirementKind.REQUIRED_CLAIMS.problem(where + member + " must be an array of strings");
        }
        return out;
    }

    private static List<Object> values(String where, JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        String fix = where + "values must be an array of acceptable values (strings, numbers or booleans), e.g. [\"2024-06\"] or [true]";
        if (!node.isArray()) {
            throw RequirementKind.REQUIRED_CLAIMS.problem(fix + ", not " + kind(node));
        }
        List<Object> values = new ArrayList<>();
        for (JsonNode each : node) {
            if (each.isTextual()) {
                values.add(each.textValue());
            } else if (each.isBoolean()) {
                values.add(each.booleanValue());
            } else if (each.isNumber()) {
                if (!ClaimsRequestParser.isFinite(each)) {
                    throw RequirementKind.REQUIRED_CLAIMS.problem(where + "values must hold finite numbers (within the range of a double)"
                            + "; found a number too large for one");
                }
                values.add(each.numberValue());
            } else {
                throw RequirementKind.REQUIRED_CLAIMS.problem(fix + "; found " + kind(each));
            }
        }
        return values;
    }

    static String text(Field<?, ?> field, JsonNode node, String expected) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw field.problem("must be a string: " + expected + ", not " + kind(node));
        }
        return node.textValue();
    }

    static List<String> strings(Field<?, ?> field, JsonNode node, String example) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        String fix = "must be an array of strings, e.g. " + example;
        if (!node.isArray()) {
            throw field.problem(fix + ", not " + kind(node));
        }
        List<String> out = new ArrayList<>();
        for (JsonNode each : node) {
            if (!each.isTextual()) {
                throw field.problem(fix + "; found " + kind(each));
            }
            out.add(each.textValue());
        }
        return out;
    }

    static Integer seconds(Field<?, ?> field, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw field.problem("must be a whole number of seconds, e.g. 300, not " + kind(node));
        }
        return node.intValue();
    }

    /** The stored form of {@code required_claims}. */
    static String write(List<RequiredClaim> claims) {
        try {
            return RequiredClaimJson.MAPPER.writeValueAsString(claims);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write required_claims", e);
        }
    }

    /** What a JSON value is, in words (never a Java type). */
    static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "the text \"" + abbreviate(node.textValue()) + "\"";
        }
        if (node.isNumber()) {
            return "the number " + abbreviate(node.asText());
        }
        if (node.isBoolean()) {
            return node.asText();
        }
        if (node.isNull()) {
            return "null";
        }
        return node.isArray() ? "an array" : "an object";
    }

    static String abbreviate(String text) {
        String flat = text.replaceAll("\\p{Cntrl}", "?");
        return flat.length() > 40 ? flat.substring(0, 40) + "..." : flat;
    }
}

package dev.claimschallenge.keycloak.policy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.util.JsonSerialization;

/**
 * The admin page's key/value list of required claims (claim name, acceptable values comma-separated;
 * empty: any value), kept in sync with the full UMA JSON ({@code required_claims}), which stays the
 * one stored truth: the policy, the REST API and realm exports read only the JSON.
 *
 * <p>Both fields arrive on every save of the page, so the rule is a three-way merge per claim name
 * against the stored policy: a claim changed in only one field takes that field's state (new values,
 * added, or removed); changed in both to the same values is fine; changed in both differently is
 * refused, naming the claim. Writers that do not send the list (the REST API, realm imports, policies
 * saved before the list existed) leave the JSON as it is. After the merge both fields are rewritten
 * from the result.
 *
 * <p>The list types values as the JSON would only for {@code true}/{@code false}; other values are
 * strings, except that a value already in the JSON with the same text keeps its type (so an edit does
 * not turn {@code 1} into {@code "1"}). Values containing commas need the JSON field.
 */
public final class RequiredClaimsList {

    /** Label of the list on the admin page (messages_en.properties), used in messages. */
    public static final String LABEL = "Required claims";

    private RequiredClaimsList() {
    }

    /** The result of a save: the merged claims, and the list and the JSON text to store. */
    public record Synced(List<RequiredClaim> claims, String json, String list) {
    }

    /**
     * @param list the list field as the page sends it (JSON array of key/value objects; blank: empty
     *             list), or {@code null} when the writer did not send the field
     * @param json the {@code required_claims} JSON as sent
     * @param stored the stored {@code required_claims} JSON before this save ({@code null}: new policy)
     * @param storedList the stored list before this save, what the page showed ({@code null}: none,
     *                   a new policy or one saved before the list existed, so the page showed an empty list)
     */
    public static Synced sync(String list, String json, String stored, String storedList) {
        List<RequiredClaim> sent = PolicyJson.requiredClaims(json);
        List<RequiredClaim> result = list == null ? sent : merge(parseList(list), storedList(storedList), sent, storedClaims(stored));
        return new Synced(result, PolicyComponents.writeRequiredClaims(result), writeList(view(result)));
    }

    private static List<RequiredClaim> merge(Map<String, String> fromList, Map<String, String> listBefore,
            List<RequiredClaim> fromJson, List<RequiredClaim> before) {
        // each field is compared with what it showed before the save: the list with the stored list,
        // the JSON with the stored JSON (they differ for a policy saved before the list existed)
        Map<String, String> o = view(before);
        Map<String, String> j = view(fromJson);
        Set<String> names = new LinkedHashSet<>(j.keySet());
        names.addAll(fromList.keySet());
        List<RequiredClaim> result = new ArrayList<>();
        for (String name : names) {
            String m = fromList.get(name);
            String now = j.get(name);
            RequiredClaim inJson = find(fromJson, name);
            if (same(m, listBefore.get(name)) || same(m, now)) {
                // the list left this claim alone, or agrees with the JSON: the JSON's entry stands
                if (inJson != null) {
                    result.add(inJson);
                }
            } else if (same(now, o.get(name))) {
                if (m != null) {
                    RequiredClaim base = inJson != null ? inJson : find(before, name);
                    result.add(withValues(name, base, m));
                }
            } else {
                throw PolicyField.invalid(LABEL + " and " + PolicyField.REQUIRED_CLAIMS.label() + " both changed claim \""
                        + name + "\", differently (" + describe(m) + " in the list, " + describe(now)
                        + " in the JSON): change it in one of the two fields");
            }
        }
        return result;
    }

    private static RequiredClaim withValues(String name, RequiredClaim base, String text) {
        List<Object> values = new ArrayList<>();
        for (String item : text.split(",")) {
            String value = item.trim();
            if (value.isEmpty()) {
                continue;
            }
            Object typed = base == null ? null
                    : base.values().stream().filter(v -> text(v).equals(value)).findFirst().orElse(null);
            values.add(typed != null ? typed : "true".equals(value) ? Boolean.TRUE : "false".equals(value) ? Boolean.FALSE : value);
        }
        return base == null ? new RequiredClaim(name, null, null, null, null, values)
                : new RequiredClaim(name, base.friendlyName(), base.claimType(), base.claimTokenFormat(), base.issuer(), values);
    }

    /** Claim name to its values as the list shows them ({@code "gold, silver"}; empty: any value). */
    static Map<String, String> view(List<RequiredClaim> claims) {
        Map<String, String> view = new LinkedHashMap<>();
        for (RequiredClaim claim : claims) {
            view.putIfAbsent(claim.name(), String.join(", ", claim.values().stream().map(RequiredClaimsList::text).toList()));
        }
        return view;
    }

    static Map<String, String> parseList(String list) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (list == null || list.isBlank()) {
            return parsed;
        }
        List<Map<String, Object>> rows;
        try {
            rows = JsonSerialization.mapper.readValue(list, new TypeReference<List<Map<String, Object>>>() {
            });
        } catch (IOException e) {
            throw PolicyField.invalid(LABEL + ": not a list of claim names and values");
        }
        for (Map<String, Object> row : rows) {
            String name = row == null || row.get("key") == null ? "" : row.get("key").toString().trim();
            if (name.isEmpty()) {
                continue;
            }
            String values = row.get("value") == null ? "" : row.get("value").toString().trim();
            if (parsed.put(name, values) != null) {
                throw PolicyField.invalid(LABEL + ": claim \"" + name + "\" is listed twice; list each claim once, with all its acceptable values comma-separated");
            }
        }
        return parsed;
    }

    static String writeList(Map<String, String> view) {
        // key before value, as the page itself writes the field
        List<Map<String, String>> rows = new ArrayList<>();
        view.forEach((name, values) -> {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("key", name);
            row.put("value", values);
            rows.add(row);
        });
        try {
            return JsonSerialization.writeValueAsString(rows);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the required-claims list", e);
        }
    }

    private static Map<String, String> storedList(String storedList) {
        try {
            return parseList(storedList);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    private static List<RequiredClaim> storedClaims(String stored) {
        try {
            return PolicyJson.requiredClaims(stored);
        } catch (RuntimeException e) {
            // an unreadable stored policy: nothing to merge against, the sent fields decide
            return List.of();
        }
    }

    /** Same values, however the commas are spaced (compares both sides alike, so a value holding a comma matches itself). */
    private static boolean same(String a, String b) {
        return a == null || b == null ? a == b : normalized(a).equals(normalized(b));
    }

    private static List<String> normalized(String values) {
        return Arrays.stream(values.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private static RequiredClaim find(List<RequiredClaim> claims, String name) {
        return claims.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    private static String text(Object value) {
        return String.valueOf(value);
    }

    private static String describe(String values) {
        return values == null ? "removed" : values.isEmpty() ? "any value" : "values " + values;
    }
}

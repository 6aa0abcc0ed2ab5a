package dev.claimschallenge.keycloak.policy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.claimschallenge.engine.RequiredClaim;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * The admin page's key/value rows of required claims (claim name, acceptable values comma-separated;
 * empty: any value), the page's one editor of a claim's name and values. The full UMA JSON
 * ({@code required_claims}) stays the one stored truth: the policy, the REST API and realm exports
 * read only the JSON; the rows are rewritten from it after every save.
 *
 * <p>One field, one editor. Keycloak's declarative page does not reload the form after a save: it
 * posts again what it loaded or what was typed, so any field the server rewrote arrives stale on the
 * next save. A page with the rows and the JSON side by side therefore lost claims (the stale JSON
 * undid the rows) or brought removed ones back. So on a save through the page (the rows are sent)
 * the rows alone decide which claims there are and their values, and the JSON that arrives with them
 * is ignored; the UMA-only members ({@code friendly_name}, {@code claim_type},
 * {@code claim_token_format}, {@code issuer}) come from the stored policy, for every claim whose row
 * stays. Those members are edited through the REST API only. Writers that do not send the rows (the
 * REST API, realm imports) write the JSON.
 *
 * <p>The rows type values as the JSON would only for {@code true}/{@code false}; other values are
 * strings, except that a value already stored with the same text keeps its type (so an edit does
 * not turn {@code 1} into {@code "1"}), and a row whose text is unchanged keeps its stored values as
 * they are (a value containing a comma too; only the REST API can write one).
 */
final class RequiredClaimsList {

    /** Label of the rows on the admin page (messages_en.properties), used in messages. */
    static final String LABEL = RequirementKind.REQUIRED_CLAIMS.label();

    private RequiredClaimsList() {
    }

    /** The result of a save: the claims, and the JSON and the rows to store. */
    record Synced(List<RequiredClaim> claims, String json, String list) {
    }

    /**
     * @param rows the rows as the page sends them (JSON array of key/value objects; blank: no rows),
     *             or {@code null} when the writer is not the page (then {@code json} decides)
     * @param json the {@code required_claims} JSON as sent; read only when {@code rows} is {@code null}
     * @param stored the stored {@code required_claims} JSON before this save ({@code null}: a new one)
     */
    static Synced sync(String rows, String json, String stored) {
        List<RequiredClaim> result = rows == null ? RequirementJson.requiredClaims(json) : fromRows(parseList(rows), storedClaims(stored));
        return new Synced(result, RequirementJson.write(result), writeList(view(result)));
    }

    /**
     * Makes the page's rows and the required-claims JSON of {@code model} agree, with one editor each:
     * on a save through Keycloak's components endpoint (the page) that sends the rows, the rows;
     * otherwise (the REST API, realm imports) the JSON. The stored component, still the old one at
     * this point, supplies the UMA members the rows cannot show.
     *
     * @param fromPage whether the save comes through the components endpoint
     * @param sameKind whether a stored component is of the model's kind
     */
    static void syncPage(RealmModel realm, ComponentModel model, boolean fromPage, Predicate<ComponentModel> sameKind) {
        MultivaluedHashMap<String, String> config = model.getConfig();
        if (config == null) {
            config = new MultivaluedHashMap<>();
            model.setConfig(config);
        }
        ComponentModel stored = model.getId() == null ? null : realm.getComponent(model.getId());
        boolean known = stored != null && sameKind.test(stored);
        String key = RequirementKind.REQUIRED_CLAIMS.key();
        Synced synced = sync(fromPage ? pageRows(config, known ? stored : null) : null, config.getFirst(key), known ? stored.get(key) : null);
        config.putSingle(key, synced.json());
        config.putSingle(RequirementKind.REQUIRED_CLAIMS_LIST, synced.list());
    }

    /**
     * The rows a save through the page sent (an export carries the rows too: on import they are the
     * old view of the JSON, not an edit, so only the page's rows count). On an update Keycloak drops a
     * key sent empty, which is what the page sends once the last row is removed: the rows are empty
     * when the stored item had rows and the key is gone. An item stored without rows (saved before
     * they existed) showed none, so a save that sends none leaves its JSON alone ({@code null}).
     */
    private static String pageRows(MultivaluedHashMap<String, String> config, ComponentModel stored) {
        if (config.containsKey(RequirementKind.REQUIRED_CLAIMS_LIST)) {
            return Objects.toString(config.getFirst(RequirementKind.REQUIRED_CLAIMS_LIST), "");
        }
        return stored != null && stored.getConfig() != null && stored.getConfig().containsKey(RequirementKind.REQUIRED_CLAIMS_LIST) ? "" : null;
    }

    private static List<RequiredClaim> fromRows(Map<String, String> rows, List<RequiredClaim> before) {
        List<RequiredClaim> result = new ArrayList<>();
        rows.forEach((name, values) -> {
            RequiredClaim base = find(before, name);
            result.add(base != null && same(values, view(List.of(base)).get(name)) ? base : withValues(name, base, values));
        });
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
            throw Problems.invalid(LABEL + ": not a list of claim names and values");
        }
        for (Map<String, Object> row : rows) {
            String name = row == null || row.get("key") == null ? "" : row.get("key").toString().trim();
            if (name.isEmpty()) {
                continue;
            }
            String values = row.get("value") == null ? "" : row.get("value").toString().trim();
            if (parsed.put(name, values) != null) {
                throw Problems.invalid(LABEL + ": claim \"" + name + "\" is listed twice; list each claim once, with all its acceptable values comma-separated");
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

    private static List<RequiredClaim> storedClaims(String stored) {
        try {
            return RequirementJson.requiredClaims(stored);
        } catch (RuntimeException e) {
            // an unreadable stored policy: nothing to take the UMA members from, the rows decide
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
}

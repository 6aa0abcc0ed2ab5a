package dev.claimschallenge.keycloak.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claimschallenge.engine.RequiredClaim;
import java.util.List;
import java.util.function.Function;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * One row of a kind's table of fields ({@link RequirementKind}): its three names, how the REST
 * body and the stored component hold its value, and what the admin page shows for it.
 *
 * @param label  as the admin page labels it (the English text of {@code page}'s label key), so that
 *               messages name the field the way both the page and the JSON do: {@code Label (json): ...}
 * @param json   the member of the REST API's JSON (and of {@link RequirementKind#toJson})
 * @param key    the key in the stored component's config, also the page's form field
 * @param form   how the value is read and written
 * @param page   the page's properties for the field (none: not on the page)
 */
record Field<T, V>(String label, String json, String key, Function<T, V> get, Form<V> form, List<ProviderConfigProperty> page) {

    Field<T, V> withPage(List<ProviderConfigProperty> properties) {
        return new Field<>(label, json, key, get, form, properties);
    }

    /** A validation error about this field: {@code Label (json_name): what}. */
    ComponentValidationException problem(String what) {
        return Problems.invalid(label + " (" + json + "): " + what);
    }

    V fromJson(JsonNode node) {
        return form.fromJson(this, node);
    }

    V fromConfig(MultivaluedHashMap<String, String> config) {
        return form.fromConfig(this, config);
    }

    void toConfig(T value, MultivaluedHashMap<String, String> config) {
        V v = get.apply(value);
        if (v != null) {
            form.toConfig(this, v, config);
        }
    }

    /**
     * How a value is held: in the REST body (refused in words naming the field) and in the
     * component's config (as existing realms and exports hold it), and what an unreadable one reads as.
     */
    interface Form<V> {
        V fromJson(Field<?, V> field, JsonNode node);

        V fromConfig(Field<?, V> field, MultivaluedHashMap<String, String> config);

        void toConfig(Field<?, V> field, V value, MultivaluedHashMap<String, String> config);

        default V empty() {
            return null;
        }
    }

    /** Text, stored as one value; {@code trim}: the stored value is read trimmed (an id). */
    static Form<String> text(String expected, boolean trim) {
        return new Form<>() {
            public String fromJson(Field<?, String> field, JsonNode node) {
                return RequirementJson.text(field, node, expected);
            }

            public String fromConfig(Field<?, String> field, MultivaluedHashMap<String, String> config) {
                String value = blankToNull(config.getFirst(field.key()));
                return value != null && trim ? value.trim() : value;
            }

            public void toConfig(Field<?, String> field, String value, MultivaluedHashMap<String, String> config) {
                config.putSingle(field.key(), value);
            }
        };
    }

    /**
     * A list of strings. {@code joined}: stored as one comma-separated value, because Keycloak does not
     * keep the order of multivalued component config (acr values, most preferred first); otherwise
     * multivalued as the page writes it, with commas splitting too when {@code asSet} (then read
     * distinct and sorted, the same every time).
     */
    static Form<List<String>> strings(String example, boolean joined, boolean asSet) {
        return new Form<>() {
            public List<String> fromJson(Field<?, List<String>> field, JsonNode node) {
                return RequirementJson.strings(field, node, example);
            }

            public List<String> fromConfig(Field<?, List<String>> field, MultivaluedHashMap<String, String> config) {
                List<String> values = config.get(field.key());
                if (joined) {
                    return commaSeparated(values);
                }
                return asSet ? commaSeparated(values).stream().distinct().sorted().toList() : nonBlank(values);
            }

            public void toConfig(Field<?, List<String>> field, List<String> value, MultivaluedHashMap<String, String> config) {
                if (value.isEmpty()) {
                    return;
                }
                if (joined) {
                    config.putSingle(field.key(), String.join(",", value));
                } else {
                    config.put(field.key(), value);
                }
            }

            public List<String> empty() {
                return List.of();
            }
        };
    }

    /** Whole seconds. */
    static Form<Integer> seconds() {
        return new Form<>() {
            public Integer fromJson(Field<?, Integer> field, JsonNode node) {
                return RequirementJson.seconds(field, node);
            }

            public Integer fromConfig(Field<?, Integer> field, MultivaluedHashMap<String, String> config) {
                String value = blankToNull(config.getFirst(field.key()));
                try {
                    return value == null ? null : Integer.valueOf(value.trim());
                } catch (NumberFormatException e) {
                    throw field.problem("must be a whole number of seconds, e.g. 300, not \"" + value + "\"");
                }
            }

            public void toConfig(Field<?, Integer> field, Integer value, MultivaluedHashMap<String, String> config) {
                config.putSingle(field.key(), String.valueOf(value));
            }
        };
    }

    /** UMA {@code required_claims}, stored as their JSON text. */
    static Form<List<RequiredClaim>> requiredClaims() {
        return new Form<>() {
            public List<RequiredClaim> fromJson(Field<?, List<RequiredClaim>> field, JsonNode node) {
                return RequirementJson.requiredClaims(node);
            }

            public List<RequiredClaim> fromConfig(Field<?, List<RequiredClaim>> field, MultivaluedHashMap<String, String> config) {
                return RequirementJson.requiredClaims(config.getFirst(field.key()));
            }

            public void toConfig(Field<?, List<RequiredClaim>> field, List<RequiredClaim> value, MultivaluedHashMap<String, String> config) {
                config.putSingle(field.key(), RequirementJson.write(value));
            }

            public List<RequiredClaim> empty() {
                return List.of();
            }
        };
    }

    /** A policy's mode: text in both forms; stored blank or unreadable it reads as the default. */
    static Form<PolicyMode> mode() {
        return new Form<>() {
            public PolicyMode fromJson(Field<?, PolicyMode> field, JsonNode node) {
                String value = RequirementJson.text(field, node, "advertise, satisfy or enforce");
                return value == null ? null : parse(field, value);
            }

            public PolicyMode fromConfig(Field<?, PolicyMode> field, MultivaluedHashMap<String, String> config) {
                String value = blankToNull(config.getFirst(field.key()));
                return value == null ? PolicyMode.ADVERTISE : parse(field, value);
            }

            public void toConfig(Field<?, PolicyMode> field, PolicyMode value, MultivaluedHashMap<String, String> config) {
                config.putSingle(field.key(), value.value());
            }

            private PolicyMode parse(Field<?, PolicyMode> field, String value) {
                try {
                    return PolicyMode.of(value.trim());
                } catch (IllegalArgumentException e) {
                    throw field.problem("must be advertise, satisfy or enforce, not \"" + RequirementJson.abbreviate(value) + "\"");
                }
            }
        };
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

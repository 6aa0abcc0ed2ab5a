package dev.claimschallenge.keycloak.token;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.util.JsonSerialization;

/**
 * One top-level claim of a token, as the token's JSON has it, without serializing the whole
 * token: a request names a handful of claims, and converting a token to a map costs more than
 * everything else the extension does for it. Reads Keycloak's own JSON mapping (the token
 * classes' Jackson properties and their {@code otherClaims}), so it agrees with what is signed.
 */
final class TokenClaims {

    /** Per token class: JSON property name to its getter or field, as Keycloak's mapper sees them. */
    private static final Map<Class<?>, Map<String, Property>> PROPERTIES = new ConcurrentHashMap<>();

    /** A typed claim; {@code customSerializer} for those written by their own serializer (e.g. {@code aud}). */
    private record Property(AnnotatedMember accessor, boolean customSerializer) {
    }

    private TokenClaims() {
    }

    /**
     * The claim's value in JSON form (strings, numbers, booleans, lists and maps), or
     * {@code null} when the token does not carry it. {@code otherClaims} come first, as in the
     * serialized token, where a same-named entry there is written last.
     */
    static Object get(JsonWebToken token, String name) {
        Object other = token.getOtherClaims().get(name);
        if (other != null) {
            return other;
        }
        Property property = properties(token.getClass()).get(name);
        Object value = property == null ? null : property.accessor().getValue(token);
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (property.customSerializer()) {
            // rare (reserved claims such as aud): the serializer decides the form, so ask it
            return JsonSerialization.mapper.convertValue(token, Map.class).get(name);
        }
        // e.g. AddressClaimSet, Long: the JSON form, as a whole-token conversion would give it
        return JsonSerialization.mapper.convertValue(value, Object.class);
    }

    /** For each of {@code names} that {@code token} carries, its value ({@link #get}). */
    static Map<String, Object> carried(Set<String> names, JsonWebToken token) {
        Map<String, Object> values = new HashMap<>();
        for (String name : names) {
            Object value = get(token, name);
            if (value != null) {
                values.put(name, value);
            }
        }
        return values;
    }

    /**
     * For each of {@code names}, its value in {@code preferred}, else in {@code fallback}; names
     * neither token carries are left out.
     */
    static Map<String, Object> firstOf(Set<String> names, JsonWebToken preferred, JsonWebToken fallback) {
        Map<String, Object> values = carried(names, preferred);
        carried(names, fallback).forEach(values::putIfAbsent);
        return values;
    }

    static boolean has(JsonWebToken token, String name) {
        return get(token, name) != null;
    }

    private static Map<String, Property> properties(Class<?> type) {
        return PROPERTIES.computeIfAbsent(type, TokenClaims::introspect);
    }

    private static Map<String, Property> introspect(Class<?> type) {
        JavaType javaType = JsonSerialization.mapper.constructType(type);
        Map<String, Property> properties = new HashMap<>();
        for (BeanPropertyDefinition property : JsonSerialization.mapper.getSerializationConfig().introspect(javaType).findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor != null && property.couldSerialize()) {
                accessor.fixAccess(true);
                boolean custom = accessor.hasAnnotation(JsonSerialize.class)
                        || property.getField() != null && property.getField().hasAnnotation(JsonSerialize.class);
                properties.put(property.getName(), new Property(accessor, custom));
            }
        }
        return Map.copyOf(properties);
    }
}

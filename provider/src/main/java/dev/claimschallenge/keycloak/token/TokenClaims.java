package dev.claimschallenge.keycloak.token;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.HashMap;
import java.util.Map;
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
    private static final Map<Class<?>, Map<String, AnnotatedMember>> PROPERTIES = new ConcurrentHashMap<>();

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
        AnnotatedMember property = properties(token.getClass()).get(name);
        Object value = property == null ? null : property.getValue(token);
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        // e.g. AddressClaimSet, Long: the JSON form, as a whole-token conversion would give it
        return JsonSerialization.mapper.convertValue(value, Object.class);
    }

    static boolean has(JsonWebToken token, String name) {
        return get(token, name) != null;
    }

    private static Map<String, AnnotatedMember> properties(Class<?> type) {
        return PROPERTIES.computeIfAbsent(type, TokenClaims::introspect);
    }

    private static Map<String, AnnotatedMember> introspect(Class<?> type) {
        JavaType javaType = JsonSerialization.mapper.constructType(type);
        Map<String, AnnotatedMember> properties = new HashMap<>();
        for (BeanPropertyDefinition property : JsonSerialization.mapper.getSerializationConfig().introspect(javaType).findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor != null && property.couldSerialize()) {
                accessor.fixAccess(true);
                properties.put(property.getName(), accessor);
            }
        }
        return Map.copyOf(properties);
    }
}

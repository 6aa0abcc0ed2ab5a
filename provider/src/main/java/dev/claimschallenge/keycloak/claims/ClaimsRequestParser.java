package dev.claimschallenge.keycloak.claims;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.util.JsonSerialization;

/**
 * Parses and validates an OIDC {@code claims} request parameter (OIDC Core 5.5). Everything that
 * does not have the specified shape is refused with a message a client developer can act on;
 * members other than {@code access_token}, {@code id_token} and {@code userinfo} are ignored.
 */
public final class ClaimsRequestParser {

    /** Larger {@code claims} values are refused before parsing. */
    public static final int MAX_BYTES = 8 * 1024;
    /** Requested claims over all members. */
    public static final int MAX_CLAIMS = 64;
    /** Entries of one {@code values} array. */
    public static final int MAX_VALUES = 64;

    private static final Set<String> CLAIM_MEMBERS = Set.of("essential", "value", "values");

    private ClaimsRequestParser() {
    }

    /** Parses {@code raw}; {@code null} or blank is an empty request. */
    public static ClaimsRequest parse(String raw) throws ClaimsRequestException {
        if (raw == null || raw.isBlank()) {
            return ClaimsRequest.empty();
        }
        if (raw.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new ClaimsRequestException("claims parameter is larger than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JsonSerialization.mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new ClaimsRequestException("claims parameter is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new ClaimsRequestException("claims parameter must be a JSON object");
        }
        int[] count = {0};
        Map<String, RequestedClaim> accessToken = member(root, ClaimsRequest.ACCESS_TOKEN, count);
        Map<String, RequestedClaim> idToken = member(root, ClaimsRequest.ID_TOKEN, count);
        Map<String, RequestedClaim> userinfo = member(root, ClaimsRequest.USERINFO, count);
        boolean foreign = false;
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            foreign |= !ClaimsRequest.ID_TOKEN.equals(name) && !ClaimsRequest.USERINFO.equals(name);
        }
        return new ClaimsRequest(accessToken, idToken, userinfo, foreign);
    }

    private static Map<String, RequestedClaim> member(JsonNode root, String member, int[] count)
            throws ClaimsRequestException {
        JsonNode node = root.get(member);
        Map<String, RequestedClaim> claims = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return claims;
        }
        if (!node.isObject()) {
            throw new ClaimsRequestException("claims." + member + " must be a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (++count[0] > MAX_CLAIMS) {
                throw new ClaimsRequestException("claims parameter requests more than " + MAX_CLAIMS + " claims");
            }
            String name = entry.getKey();
            checkName(member, name);
            claims.put(name, claim(member + "." + name, name, entry.getValue()));
        }
        return claims;
    }

    private static void checkName(String member, String name) throws ClaimsRequestException {
        String problem = ClaimNames.problem(name);
        if (problem != null) {
            throw new ClaimsRequestException("claims." + member + ": " + problem);
        }
    }

    private static RequestedClaim claim(String path, String name, JsonNode node) throws ClaimsRequestException {
        if (node == null || node.isNull()) {
            return new RequestedClaim(name, false, List.of());
        }
        if (!node.isObject()) {
            throw new ClaimsRequestException("claims." + path + " must be null or an object with essential, value or values");
        }
        boolean essential = false;
        List<Object> values = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!CLAIM_MEMBERS.contains(field.getKey())) {
                throw new ClaimsRequestException("claims." + path + " has an unknown member; allowed are essential, value and values");
            }
        }
        JsonNode essentialNode = node.get("essential");
        if (essentialNode != null && !essentialNode.isNull()) {
            if (!essentialNode.isBoolean()) {
                throw new ClaimsRequestException("claims." + path + ".essential must be true or false");
            }
            essential = essentialNode.booleanValue();
        }
        JsonNode value = node.get("value");
        if (value != null && !value.isNull()) {
            values.add(scalar(path + ".value", value));
        }
        JsonNode many = node.get("values");
        if (many != null && !many.isNull()) {
            if (!many.isArray()) {
                throw new ClaimsRequestException("claims." + path + ".values must be an array");
            }
            if (many.size() > MAX_VALUES) {
                throw new ClaimsRequestException("claims." + path + ".values has more than " + MAX_VALUES + " entries");
            }
            for (JsonNode each : many) {
                values.add(scalar(path + ".values", each));
            }
        }
        return new RequestedClaim(name, essential, values);
    }

    private static Object scalar(String path, JsonNode node) throws ClaimsRequestException {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        throw new ClaimsRequestException("claims." + path + " must be a string, number or boolean");
    }

    /**
     * The minified JSON of {@code request}, as a {@code claims} parameter value. Written as a tree
     * because Keycloak's mapper leaves out null map values, and {@code "email": null} is a request.
     */
    public static String write(ClaimsRequest request) {
        ObjectNode root = JsonSerialization.mapper.createObjectNode();
        writeMember(root, ClaimsRequest.USERINFO, request.userinfo());
        writeMember(root, ClaimsRequest.ID_TOKEN, request.idToken());
        writeMember(root, ClaimsRequest.ACCESS_TOKEN, request.accessToken());
        return root.toString();
    }

    private static void writeMember(ObjectNode root, String member, Map<String, RequestedClaim> claims) {
        if (claims.isEmpty()) {
            return;
        }
        ObjectNode entries = root.putObject(member);
        claims.forEach((name, claim) -> {
            if (!claim.essential() && !claim.hasAcceptableValues()) {
                entries.putNull(name);
                return;
            }
            ObjectNode entry = entries.putObject(name);
            if (claim.essential()) {
                entry.put("essential", true);
            }
            List<Object> values = claim.acceptableValues();
            if (values.size() == 1) {
                entry.set("value", JsonSerialization.mapper.valueToTree(values.get(0)));
            } else if (!values.isEmpty()) {
                entry.set("values", JsonSerialization.mapper.valueToTree(values));
            }
        });
    }
}

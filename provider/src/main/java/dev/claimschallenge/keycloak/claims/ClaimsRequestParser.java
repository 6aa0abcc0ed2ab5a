package dev.claimschallenge.keycloak.claims;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claimschallenge.engine.ClaimNames;
import dev.claimschallenge.engine.ClaimsRequest;
import dev.claimschallenge.engine.ClaimsRequestJson;
import dev.claimschallenge.engine.RequestedClaim;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.representations.ClaimsRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * Parses an OIDC {@code claims} request parameter (OIDC Core 5.5). The value must be a JSON object.
 * Its {@code access_token} member, which this extension serves, is validated: a member or claim
 * of the wrong type, a bad claim name or acr value, or too many claims is refused with a message a
 * client developer can act on; members of a claim entry other than {@code essential},
 * {@code value} and {@code values} (e.g. OpenID Connect for Identity Assurance's {@code purpose})
 * are ignored, as OIDC Core 5.5.1 requires. The {@code id_token} and {@code userinfo} members
 * belong to Keycloak and are never refused here: they are read the way Keycloak reads them (an
 * entry Keycloak cannot read is left out of this view), and {@link #forKeycloak} hands them on as
 * sent. Other top-level members are ignored.
 */
public final class ClaimsRequestParser {

    /** Larger {@code claims} values are refused before parsing. */
    public static final int MAX_BYTES = 8 * 1024;
    /** Requested claims over all members. */
    public static final int MAX_CLAIMS = 64;
    /** Entries of one {@code values} array. */
    public static final int MAX_VALUES = 64;

    private static final String ESSENTIAL = "essential";
    private static final String VALUE = "value";
    private static final String VALUES = "values";
    private static final List<String> CLAIM_MEMBERS = List.of(ESSENTIAL, VALUE, VALUES);

    private ClaimsRequestParser() {
    }

    /** Parses {@code raw}; {@code null} or blank is an empty request. */
    public static ClaimsRequest parse(String raw) throws ClaimsRequestException {
        if (raw == null || raw.isBlank()) {
            return ClaimsRequest.empty();
        }
        ObjectNode root = readObject(raw);
        boolean accessTokenMember = root.has(ClaimsRequest.ACCESS_TOKEN);
        // The size limit guards what this extension stores per grant; a value without an
        // access_token member is Keycloak's alone, and stock Keycloak takes it at any size.
        if (accessTokenMember && raw.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new ClaimsRequestException("claims parameter is larger than " + MAX_BYTES + " bytes");
        }
        Map<String, RequestedClaim> accessToken = accessTokenMember(root);
        Map<String, RequestedClaim> idToken = asKeycloakReadsIt(root.get(ClaimsRequest.ID_TOKEN));
        Map<String, RequestedClaim> userinfo = asKeycloakReadsIt(root.get(ClaimsRequest.USERINFO));
        return ClaimsRequest.of(accessToken, idToken, userinfo, accessTokenMember);
    }

    /**
     * The {@code claims} value Keycloak itself should see, or {@code null} for none: the
     * {@code id_token} and {@code userinfo} members of {@code sent} as sent, less what Keycloak's
     * reader ({@link ClaimsRepresentation}, which fails on anything it does not know) would choke
     * on: unknown top-level members (the {@code access_token} one above all), unknown members of
     * an entry and entries it cannot read. Entries of {@code wanted} that {@code sent} does not
     * have as such (an {@code acr} added for step-up) are written in. Without this, one entry
     * Keycloak cannot read would make it drop the whole value, step-up included.
     *
     * @param sent the parameter as the client sent it (already accepted by {@link #parse})
     * @param wanted what Keycloak should act on ({@link ClaimsRequest#forKeycloak()} and step-up)
     */
    public static String forKeycloak(String sent, ClaimsRequest wanted) throws ClaimsRequestException {
        ObjectNode root = sent == null || sent.isBlank() ? JsonSerialization.mapper.createObjectNode() : readObject(sent);
        ObjectNode out = JsonSerialization.mapper.createObjectNode();
        keycloakMember(out, ClaimsRequest.USERINFO, root.get(ClaimsRequest.USERINFO), wanted.userinfo());
        keycloakMember(out, ClaimsRequest.ID_TOKEN, root.get(ClaimsRequest.ID_TOKEN), wanted.idToken());
        return out.isEmpty() ? null : out.toString();
    }

    private static void keycloakMember(ObjectNode out, String member, JsonNode sent, Map<String, RequestedClaim> wanted) {
        if (wanted.isEmpty()) {
            return;
        }
        ObjectNode entries = out.putObject(member);
        wanted.forEach((name, claim) -> {
            JsonNode known = sent != null && sent.isObject() ? knownMembers(sent.get(name)) : null;
            if (known != null && claim.equals(keycloakView(name, known))) {
                entries.set(name, known); // as sent
            } else {
                writeEntry(entries, name, claim);
            }
        });
    }

    private static ObjectNode readObject(String raw) throws ClaimsRequestException {
        JsonNode root;
        try {
            root = JsonSerialization.mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new ClaimsRequestException("claims parameter is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new ClaimsRequestException("claims parameter must be a JSON object");
        }
        return (ObjectNode) root;
    }

    private static Map<String, RequestedClaim> accessTokenMember(JsonNode root) throws ClaimsRequestException {
        String member = ClaimsRequest.ACCESS_TOKEN;
        JsonNode node = root.get(member);
        Map<String, RequestedClaim> claims = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return claims;
        }
        if (!node.isObject()) {
            throw new ClaimsRequestException("claims." + member + " must be a JSON object");
        }
        int count = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (++count > MAX_CLAIMS) {
                throw new ClaimsRequestException("claims parameter requests more than " + MAX_CLAIMS + " claims");
            }
            String name = entry.getKey();
            checkName(member, name);
            RequestedClaim claim = claim(member + "." + name, name, entry.getValue());
            if (ClaimsRequest.ACR.equals(name)) {
                checkAcrValues(member + "." + name, claim);
            }
            claims.put(name, claim);
        }
        return claims;
    }

    private static void checkName(String member, String name) throws ClaimsRequestException {
        String problem = ClaimNames.problem(name);
        if (problem != null) {
            throw new ClaimsRequestException("claims." + member + ": " + problem);
        }
    }

    /**
     * Requested acr values end up in Keycloak's step-up, in {@code acr_values}-style lists, in
     * challenge headers and in error descriptions: they must be tokens like claim names (no
     * control characters, white space, quotes or backslashes) and printable ASCII, as acr values
     * of policies are (URIs such as {@code urn:example:loa:2} are).
     */
    private static void checkAcrValues(String path, RequestedClaim acr) throws ClaimsRequestException {
        for (Object value : acr.acceptableValues()) {
            if (!(value instanceof String text)) {
                continue;
            }
            String problem = ClaimNames.problem("an acr value", text);
            if (problem == null && !text.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
                problem = "an acr value must be printable ASCII";
            }
            if (problem != null) {
                throw new ClaimsRequestException("claims." + path + ": " + problem);
            }
        }
    }

    private static RequestedClaim claim(String path, String name, JsonNode node) throws ClaimsRequestException {
        if (node == null || node.isNull()) {
            return new RequestedClaim(name, false, List.of());
        }
        if (!node.isObject()) {
            throw new ClaimsRequestException("claims." + path + " must be null or an object with essential, value or values");
        }
        // other members (e.g. "purpose") are not understood here and ignored: OIDC Core 5.5.1
        boolean essential = false;
        List<Object> values = new ArrayList<>();
        JsonNode essentialNode = node.get(ESSENTIAL);
        if (essentialNode != null && !essentialNode.isNull()) {
            if (!essentialNode.isBoolean()) {
                throw new ClaimsRequestException("claims." + path + ".essential must be true or false");
            }
            essential = essentialNode.booleanValue();
        }
        JsonNode value = node.get(VALUE);
        if (value != null && !value.isNull()) {
            values.add(scalar(path + ".value", value));
        }
        JsonNode many = node.get(VALUES);
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

    /** An {@code id_token}/{@code userinfo} member as Keycloak reads it; entries it cannot read are left out. */
    private static Map<String, RequestedClaim> asKeycloakReadsIt(JsonNode node) {
        Map<String, RequestedClaim> claims = new LinkedHashMap<>();
        if (node == null || !node.isObject()) {
            return claims;
        }
        node.fields().forEachRemaining(entry -> {
            JsonNode known = knownMembers(entry.getValue());
            RequestedClaim claim = known == null ? null : keycloakView(entry.getKey(), known);
            if (claim != null) {
                claims.put(entry.getKey(), claim);
            }
        });
        return claims;
    }

    /** An entry with only the members OIDC Core defines (others are ignored), or {@code null} if it is not null or an object. */
    private static JsonNode knownMembers(JsonNode entry) {
        if (entry == null) {
            return null;
        }
        if (entry.isNull()) {
            return entry;
        }
        if (!entry.isObject()) {
            return null;
        }
        ObjectNode known = JsonSerialization.mapper.createObjectNode();
        for (String member : CLAIM_MEMBERS) {
            if (entry.has(member)) {
                known.set(member, entry.get(member));
            }
        }
        return known;
    }

    /**
     * What Keycloak makes of {@code known} (its own {@link ClaimsRepresentation.ClaimValue}, with
     * Jackson's coercions such as {@code "essential":"true"}), or {@code null} if it cannot read it.
     * Only scalar values are kept: this view serves acr decisions, never token contents.
     */
    private static RequestedClaim keycloakView(String name, JsonNode known) {
        if (known.isNull()) {
            return new RequestedClaim(name, false, List.of());
        }
        ClaimsRepresentation.ClaimValue<?> read;
        try {
            read = JsonSerialization.mapper.treeToValue(known, ClaimsRepresentation.ClaimValue.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
        List<Object> values = new ArrayList<>();
        JsonNode value = known.get(VALUE);
        if (value != null && value.isValueNode() && !value.isNull()) {
            values.add(scalarOrNull(value));
        }
        JsonNode many = known.get(VALUES);
        if (many != null && many.isArray()) {
            many.forEach(each -> {
                if (each.isValueNode() && !each.isNull()) {
                    values.add(scalarOrNull(each));
                }
            });
        }
        values.removeIf(java.util.Objects::isNull);
        return new RequestedClaim(name, read.isEssential(), values);
    }

    private static Object scalarOrNull(JsonNode node) {
        try {
            return scalar("", node);
        } catch (ClaimsRequestException e) {
            return null;
        }
    }

    private static Object scalar(String path, JsonNode node) throws ClaimsRequestException {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            if (!isFinite(node)) {
                throw new ClaimsRequestException("claims." + path + " must be a finite number (within the range of a double; 1e400 is not)");
            }
            return node.numberValue();
        }
        throw new ClaimsRequestException("claims." + path + " must be a string, number or boolean");
    }

    /**
     * Whether a JSON number is one a double holds: {@code 1e400} is valid JSON but reads as
     * infinity, which no comparison, token or snapshot can use (it answered 500 on refresh).
     */
    public static boolean isFinite(JsonNode number) {
        return !number.isFloatingPointNumber() || Double.isFinite(number.doubleValue());
    }

    /**
     * Refuses a request over the limits {@link #parse} sets for one {@code claims} value: more than
     * {@value #MAX_CLAIMS} access-token claims, or more than {@value #MAX_BYTES} bytes as
     * {@link #write} writes it. For what a grant accumulates (the refresh token's snapshot and what
     * a refresh grant's {@code claims} adds): past them it could not be read back.
     */
    public static void checkLimits(ClaimsRequest request) throws ClaimsRequestException {
        if (request.accessToken().size() > MAX_CLAIMS) {
            throw new ClaimsRequestException("the grant would request more than " + MAX_CLAIMS + " claims ("
                    + request.accessToken().size() + " with those this refresh adds; the limit of a claims request)");
        }
        int bytes = write(request).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new ClaimsRequestException("the grant's claims request would be larger than " + MAX_BYTES + " bytes ("
                    + bytes + " with what this refresh adds; the limit of a claims request)");
        }
    }

    /** The minified JSON of {@code request}, as a {@code claims} parameter value (the engine writes it, for challenges too). */
    public static String write(ClaimsRequest request) {
        return ClaimsRequestJson.write(request);
    }

    private static void writeEntry(ObjectNode entries, String name, RequestedClaim claim) {
        if (!claim.essential() && !claim.hasAcceptableValues()) {
            entries.putNull(name);
            return;
        }
        ObjectNode entry = entries.putObject(name);
        if (claim.essential()) {
            entry.put(ESSENTIAL, true);
        }
        List<Object> values = claim.acceptableValues();
        if (values.size() == 1) {
            entry.set(VALUE, JsonSerialization.mapper.valueToTree(values.get(0)));
        } else if (!values.isEmpty()) {
            entry.set(VALUES, JsonSerialization.mapper.valueToTree(values));
        }
    }
}

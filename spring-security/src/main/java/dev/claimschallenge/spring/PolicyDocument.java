package dev.claimschallenge.spring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keycloak's answer to {@code GET /realms/{realm}/claims-challenge/policy}, as a local judge needs
 * it. The requirements stay in their JSON form here; only the engine reads them
 * ({@code EngineJudge}), so that this library never interprets a requirement on its own.
 *
 * @param policy           the API's policy (UMA {@code required_claims} shape), or {@code null} for none
 * @param contexts         the definitions of the contexts the policy lists, by id, in the document's order
 * @param realm            the realm's name, as challenges carry it
 * @param authorizationUri Keycloak's authorization endpoint, as challenges carry it
 * @param noTokenChallenge the {@code WWW-Authenticate} value for a request without a token
 * @param acrLoaMap        the API client's ACR-to-LoA map (its policy's acr values rank by it)
 * @param realmAcrLoaMap   the realm's (contexts rank by it; a token's acr reads back through it unless
 *                         its client has a map of its own)
 * @param clientAcrLoaMaps the maps of the clients that have one of their own, by client id
 */
public record PolicyDocument(Map<String, Object> policy, Map<String, Map<String, Object>> contexts, String realm,
        String authorizationUri, String noTokenChallenge, Map<String, Integer> acrLoaMap, Map<String, Integer> realmAcrLoaMap,
        Map<String, Map<String, Integer>> clientAcrLoaMaps) {

    /** Reads the document's JSON (as parsed into maps); a field it lacks is a Keycloak without issue 25's provider. */
    @SuppressWarnings("unchecked")
    static PolicyDocument of(Map<String, Object> json) {
        Map<String, Map<String, Object>> contexts = new LinkedHashMap<>();
        for (Object context : (List<Object>) required(json, "contexts")) {
            Map<String, Object> definition = (Map<String, Object>) context;
            contexts.put((String) definition.get("id"), definition);
        }
        return new PolicyDocument((Map<String, Object>) json.get("policy"), contexts, (String) required(json, "realm"),
                (String) required(json, "authorization_uri"), (String) required(json, "www_authenticate"),
                (Map<String, Integer>) required(json, "acr_loa_map"), (Map<String, Integer>) required(json, "realm_acr_loa_map"),
                (Map<String, Map<String, Integer>>) required(json, "client_acr_loa_maps"));
    }

    private static Object required(Map<String, Object> json, String field) {
        Object value = json.get(field);
        if (value == null) {
            throw new IllegalArgumentException("the policy document has no " + field
                    + "; Keycloak's claims-challenge provider is older than this library");
        }
        return value;
    }

    /**
     * The map a token's {@code acr} was named through, as evaluate reads it back: its client's own,
     * else the realm's.
     */
    public Map<String, Integer> namingMap(String client) {
        Map<String, Integer> own = client == null ? null : clientAcrLoaMaps.get(client);
        return own != null ? own : realmAcrLoaMap;
    }
}

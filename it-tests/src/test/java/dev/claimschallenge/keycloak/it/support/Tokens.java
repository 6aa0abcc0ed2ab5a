package dev.claimschallenge.keycloak.it.support;

import java.util.Map;
import org.keycloak.common.util.Base64Url;
import org.keycloak.util.JsonSerialization;

/** A token endpoint response with its JWTs decoded (payloads as plain JSON maps). */
public record Tokens(int status, Map<String, Object> json) {

    public String accessTokenJwt() {
        return (String) json.get("access_token");
    }

    public String refreshTokenJwt() {
        return (String) json.get("refresh_token");
    }

    public Map<String, Object> accessToken() {
        return decode(accessTokenJwt());
    }

    public Map<String, Object> idToken() {
        return decode((String) json.get("id_token"));
    }

    public String error() {
        return (String) json.get("error");
    }

    public String errorDescription() {
        return (String) json.get("error_description");
    }

    /** The payload of a JWS, read with Keycloak's own JSON mapper. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> decode(String jwt) {
        if (jwt == null) {
            throw new AssertionError("no token in the response");
        }
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new AssertionError("not a JWS: " + jwt);
        }
        try {
            return JsonSerialization.readValue(Base64Url.decode(parts[1]), Map.class);
        } catch (java.io.IOException e) {
            throw new AssertionError("unreadable token payload", e);
        }
    }
}

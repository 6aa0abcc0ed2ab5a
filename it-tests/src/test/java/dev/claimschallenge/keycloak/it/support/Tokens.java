package dev.claimschallenge.keycloak.it.support;

import com.nimbusds.jose.JWSObject;
import java.text.ParseException;
import java.util.Map;

/** A JSON answer of the token (or another) endpoint; its JWTs' payloads read by Nimbus JOSE. */
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

    /** The payload of a JWS as JSON: every member as sent, none reinterpreted. */
    public static Map<String, Object> decode(String jwt) {
        try {
            return JWSObject.parse(java.util.Objects.requireNonNull(jwt, "no token in the response")).getPayload().toJSONObject();
        } catch (ParseException e) {
            throw new AssertionError("not a JWS: " + jwt, e);
        }
    }
}

package dev.claimschallenge.keycloak.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.claimschallenge.engine.PolicyEngine;
import dev.claimschallenge.engine.RequiredClaim;
import dev.claimschallenge.engine.Requirement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A realm's named requirement for sensitive operations, as Microsoft Entra's authentication
 * contexts ({@code c1}, "strong and recent"): the same requirement fields a policy has, under a
 * short id that clients request ({@code claims={"access_token":{"acrs":{"essential":true,
 * "values":["c1"]}}}}) and that tokens list in {@code acrs} while it is met. An API's policy lists
 * the contexts its operations use; only those can be requested into tokens for it.
 *
 * @param id a short token such as {@code c1} or {@code payments.transfer} ({@link #idProblem})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuthenticationContext(
        @JsonProperty("id") String id,
        @JsonProperty("display_name") String displayName,
        @JsonProperty("description") String description,
        @JsonProperty("required_claims") List<RequiredClaim> requiredClaims,
        @JsonProperty("acr_values") List<String> acrValues,
        @JsonProperty("max_age") Integer maxAge) implements RequirementFields {

    /** Longest id: Entra's are c1 to c99; names like {@code payments.transfer} fit easily. */
    public static final int MAX_ID_LENGTH = 64;
    public static final int MAX_DISPLAY_NAME_LENGTH = 200;
    public static final int MAX_DESCRIPTION_LENGTH = 2000;

    public AuthenticationContext {
        requiredClaims = requiredClaims == null ? List.of() : List.copyOf(requiredClaims);
        acrValues = acrValues == null ? List.of() : List.copyOf(acrValues);
    }

    /**
     * Why {@code id} cannot be an authentication context id, or {@code null} when it can. Ids travel
     * in claims requests, in tokens' {@code acrs}, in challenge headers (base64 of JSON) and in URL
     * paths of the admin API, and are stored comma-separated: letters, digits, dot, underscore and
     * hyphen only, which every one of these carries as it is.
     */
    public static String idProblem(String id) {
        if (id == null || id.isEmpty()) {
            return "an authentication context id is empty";
        }
        if (id.length() > MAX_ID_LENGTH) {
            return "an authentication context id is longer than " + MAX_ID_LENGTH + " characters";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            if (!allowed) {
                return "an authentication context id has only letters, digits, dot, underscore and hyphen, e.g. c1 or payments.transfer (\""
                        + RequirementJson.abbreviate(id) + "\" is not)";
            }
        }
        return null;
    }

    /** What the context requires of a token, for {@link PolicyEngine}. */
    public Requirement requirement() {
        return new Requirement("context " + id, requiredClaims, acrValues, maxAge);
    }

    /** The requirements of {@code contexts} by id, in their order: how the engine takes an operation's contexts. */
    public static Map<String, Requirement> byId(List<AuthenticationContext> contexts) {
        Map<String, Requirement> byId = new LinkedHashMap<>();
        contexts.forEach(context -> byId.put(context.id(), context.requirement()));
        return byId;
    }
}

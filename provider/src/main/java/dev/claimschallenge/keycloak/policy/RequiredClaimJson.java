package dev.claimschallenge.keycloak.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claimschallenge.engine.RequiredClaim;
import java.util.List;
import org.keycloak.util.JsonSerialization;

/**
 * The JSON form of the engine's {@link RequiredClaim} (UMA 2.0's snake_case members plus
 * {@code values}, empty ones left out), kept here because the engine has no JSON library: a
 * Jackson mix-in on a copy of Keycloak's mapper. Policies and contexts are written through
 * {@link #MAPPER}; Keycloak's shared mapper is left as it is.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
abstract class RequiredClaimJson {

    /** Keycloak's mapper, plus this mix-in. */
    static final ObjectMapper MAPPER = JsonSerialization.mapper.copy().addMixIn(RequiredClaim.class, RequiredClaimJson.class);

    RequiredClaimJson(@JsonProperty("name") String name, @JsonProperty("friendly_name") String friendlyName,
            @JsonProperty("claim_type") String claimType, @JsonProperty("claim_token_format") List<String> claimTokenFormat,
            @JsonProperty("issuer") List<String> issuer, @JsonProperty("values") List<Object> values) {
    }

    @JsonProperty("name")
    abstract String name();

    @JsonProperty("friendly_name")
    abstract String friendlyName();

    @JsonProperty("claim_type")
    abstract String claimType();

    @JsonProperty("claim_token_format")
    abstract List<String> claimTokenFormat();

    @JsonProperty("issuer")
    abstract List<String> issuer();

    @JsonProperty("values")
    abstract List<Object> values();
}

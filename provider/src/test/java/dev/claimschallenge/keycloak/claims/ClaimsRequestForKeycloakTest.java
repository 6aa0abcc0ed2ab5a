package dev.claimschallenge.keycloak.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claimschallenge.engine.ClaimsRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.ClaimsRepresentation;
import org.keycloak.util.JsonSerialization;

class ClaimsRequestForKeycloakTest {

    @Test
    void anAcrNumberReachesKeycloakAsAString() throws Exception {
        ClaimsRequest request = ClaimsRequestParser.parse("{\"access_token\":{\"acr\":{\"essential\":true,\"values\":[2,\"gold\"]}}}");
        String forKeycloak = ClaimsRequestParser.write(request.forKeycloak());
        assertEquals("{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"2\",\"gold\"]}}}", forKeycloak);
        ClaimsRepresentation keycloakView = JsonSerialization.readValue(forKeycloak, ClaimsRepresentation.class);
        assertEquals(List.of("2", "gold"), keycloakView.getClaimValue("acr", ClaimsRepresentation.ClaimContext.ID_TOKEN, String.class)
                .getValues());
    }
}

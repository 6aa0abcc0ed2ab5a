package dev.claimschallenge.keycloak.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AddressClaimSet;
import org.keycloak.representations.IDToken;
import org.keycloak.util.JsonSerialization;

/** One claim of a token reads exactly as the whole token's JSON has it. */
class TokenClaimsTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyClaimReadsAsInTheSerializedToken() {
        AccessToken token = new AccessToken();
        token.id("t1").exp(2_000_000_000L).issuer("https://kc/realms/r").subject("u1").issuedFor("web").type("Bearer");
        token.addAudience("orders-api");
        token.setScope("openid email");
        token.setEmail("alice@example.org");
        token.setEmailVerified(true);
        token.setAcr("1");
        token.setAuth_time(1_700_000_000L);
        AddressClaimSet address = new AddressClaimSet();
        address.setLocality("Leeds");
        token.setAddress(address);
        token.setRealmAccess(new AccessToken.Access().addRole("user"));
        token.getOtherClaims().put("groups", List.of("staff"));
        token.getOtherClaims().put("department", "research");

        Map<String, Object> json = JsonSerialization.mapper.convertValue(token, Map.class);

        json.forEach((name, value) -> assertEquals(value, TokenClaims.get(token, name), name));
        assertNull(TokenClaims.get(token, "phone_number"));
        assertNull(TokenClaims.get(token, "nonsense"));
    }

    @Test
    void otherClaimsComeFirstAsInTheSerializedToken() {
        IDToken token = new IDToken();
        token.setName("typed");
        token.getOtherClaims().put("name", "other");

        assertEquals(JsonSerialization.mapper.convertValue(token, Map.class).get("name"), TokenClaims.get(token, "name"));
        assertEquals("other", TokenClaims.get(token, "name"));
    }
}

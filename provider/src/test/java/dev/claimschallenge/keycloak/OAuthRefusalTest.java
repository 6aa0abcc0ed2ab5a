package dev.claimschallenge.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Every refusal's description is one RFC 6749 allows and no page renders as markup (issue 22, finding 6). */
class OAuthRefusalTest {

    @Test
    void whatAClientSentComesBackWithoutMarkupOnEveryPath() {
        assertEquals("interaction_required: acr [?b?platinum?/b?] needs a new authorization request",
                OAuthRefusal.interactionRequired("acr [<b>platinum</b>] needs a new authorization request").description());
        assertEquals("context ?c1? ?", new OAuthRefusal("invalid_request", "context \"c1\" \u00e9").description());
        assertEquals("invalid_request", new OAuthRefusal("invalid_request", "x").error());
    }
}

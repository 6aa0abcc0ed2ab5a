package dev.claimschallenge.keycloak.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.OAuthRefusal;
import dev.claimschallenge.keycloak.policy.AuthenticationContext;
import dev.claimschallenge.keycloak.policy.Facts;
import dev.claimschallenge.keycloak.policy.RequiredClaim;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;
import org.keycloak.representations.AccessToken;

/** acrs lists exactly the requested contexts the finished token meets; a silent request for an unmet one goes interactive. */
class TokenContextsTest {

    static final Map<String, Integer> LOA = Map.of("silver", 1, "gold", 2);
    static final AuthenticationContext GOLD = new AuthenticationContext("c1", null, null, List.of(), List.of("gold"), 300);
    static final AuthenticationContext FINANCE = new AuthenticationContext("fin", null, null,
            List.of(RequiredClaim.named("department", "finance")), List.of(), null);

    @Test
    void onlyMetContextsAreListed() {
        AccessToken token = new AccessToken();
        token.getOtherClaims().put("department", "sales");
        token.getOtherClaims().put("acrs", List.of("forged"));

        TokenContexts.list(token, List.of(FINANCE, GOLD), Facts.ofSession(2, (long) Time.currentTime() - 10, LOA, Time.currentTime()));

        assertEquals(List.of("c1"), token.getOtherClaims().get("acrs"));
    }

    @Test
    void noneMetNoClaimAtAll() {
        AccessToken token = new AccessToken();
        token.setAcr("gold"); // a label: the session's level 1 is what counts
        TokenContexts.list(token, List.of(GOLD), Facts.ofSession(1, (long) Time.currentTime() - 10, LOA, Time.currentTime()));
        assertFalse(token.getOtherClaims().containsKey("acrs"));
    }

    @Test
    void aSessionTooWeakOrTooOldForARequestedContextNeedsTheUser() {
        long now = Time.currentTime();
        TokenContexts.requireInteractionIfUnmet(List.of(GOLD, FINANCE), Facts.ofSession(2, now - 10, LOA, now));
        OAuthRefusal weak = assertThrows(OAuthRefusal.class,
                () -> TokenContexts.requireInteractionIfUnmet(List.of(GOLD), Facts.ofSession(1, now - 10, LOA, now)));
        assertEquals("invalid_grant", weak.error());
        assertTrue(weak.description().startsWith("interaction_required: authentication context c1"), weak.description());
        assertThrows(OAuthRefusal.class,
                () -> TokenContexts.requireInteractionIfUnmet(List.of(GOLD), Facts.ofSession(2, now - 301, LOA, now)));
    }
}

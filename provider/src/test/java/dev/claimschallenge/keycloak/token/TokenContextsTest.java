package dev.claimschallenge.keycloak.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.claimschallenge.engine.Facts;
import dev.claimschallenge.engine.RequiredClaim;
import dev.claimschallenge.keycloak.OAuthRefusal;
import dev.claimschallenge.keycloak.policy.AuthenticationContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;

/** acrs lists exactly the requested contexts the finished token meets; a silent request for an unmet one goes interactive. */
class TokenContextsTest {

    static final Map<String, Integer> LOA = Map.of("silver", 1, "gold", 2);
    static final AuthenticationContext GOLD = new AuthenticationContext("c1", null, null, List.of(), List.of("gold"), 300);
    static final AuthenticationContext FINANCE = new AuthenticationContext("fin", null, null,
            List.of(RequiredClaim.named("department", "finance")), List.of(), null);

    /** A client without a map of its own, in a realm whose map is {@link #LOA}; or with {@code ownMap}. */
    static ClientModel client(String ownMap) {
        RealmModel realm = mock(RealmModel.class);
        when(realm.getAttribute(Constants.ACR_LOA_MAP)).thenReturn("{\"silver\":1,\"gold\":2}");
        ClientModel client = mock(ClientModel.class);
        when(client.getClientId()).thenReturn("web");
        when(client.getRealm()).thenReturn(realm);
        when(client.getAttribute(Constants.ACR_LOA_MAP)).thenReturn(ownMap);
        return client;
    }

    @Test
    void onlyMetContextsAreListed() {
        AccessToken token = new AccessToken();
        token.setAcr("gold");
        token.getOtherClaims().put("auth_time", (long) Time.currentTime() - 10);
        token.getOtherClaims().put("department", "sales");
        token.getOtherClaims().put("acrs", List.of("forged"));

        TokenContexts.list(token, List.of(FINANCE, GOLD), client(null));

        assertEquals(List.of("c1"), token.getOtherClaims().get("acrs"));
    }

    @Test
    void noneMetNoClaimAtAll() {
        AccessToken token = new AccessToken();
        token.setAcr("silver");
        TokenContexts.list(token, List.of(GOLD), client(null));
        assertFalse(token.getOtherClaims().containsKey("acrs"));
    }

    /** Issue 22, finding 2: the client's own map named level 1 "gold"; the realm's gold is level 2. */
    @Test
    void anAcrIsRankedThroughTheMapThatNamedItThenThroughTheRealms() {
        AccessToken token = new AccessToken();
        token.setAcr("gold");
        token.getOtherClaims().put("auth_time", (long) Time.currentTime() - 10);
        TokenContexts.list(token, List.of(GOLD), client("{\"gold\":1}"));
        assertFalse(token.getOtherClaims().containsKey("acrs"), String.valueOf(token.getOtherClaims()));
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

package dev.claimschallenge.keycloak.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTokenClaimsNoteTest {

    @Test
    void manyAuthorizationsShareAFewNoteNames() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            names.add(AccessTokenClaimsNote.clientNoteName("nonce-" + i, "challenge-" + i));
        }
        assertEquals(AccessTokenClaimsNote.SLOTS, names.size());
        names.forEach(name -> assertTrue(AccessTokenClaimsNote.isClientNote(name), name));
    }

    @Test
    void aNoteValueNamesTheAuthorizationItBelongsTo() {
        String key = AccessTokenClaimsNote.key("n", "c");
        var pending = new AccessTokenClaimsNote.Pending(key, 1700000000L, "{\"access_token\":{\"a b\":null}}");
        assertEquals(Optional.of(pending), AccessTokenClaimsNote.Pending.parse(pending.value()));
        assertFalse(key.equals(AccessTokenClaimsNote.key("n", "other")));
    }

    @Test
    void valuesInAnotherFormatAreNotRead() {
        assertEquals(Optional.empty(), AccessTokenClaimsNote.Pending.parse("{\"access_token\":{}}"));
        assertEquals(Optional.empty(), AccessTokenClaimsNote.Pending.parse("abc notanumber {}"));
        assertEquals(Optional.empty(), AccessTokenClaimsNote.Pending.parse(null));
    }

    @Test
    void onlyANonceOrAPkceChallengeTellsAuthorizationsApart() {
        assertFalse(AccessTokenClaimsNote.canKey(null, null));
        assertFalse(AccessTokenClaimsNote.canKey("", " "));
        assertTrue(AccessTokenClaimsNote.canKey("n", null));
        assertTrue(AccessTokenClaimsNote.canKey(null, "c"));
    }
}

package dev.claimschallenge.keycloak.rs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConditionalJsonTest {

    private static final String TAG = ConditionalJson.entityTag("{\"a\":1}".getBytes(StandardCharsets.UTF_8));

    @Test
    void theTagIsAStrongQuotedHashOfTheBytes() {
        assertTrue(TAG.matches("\"[A-Za-z0-9_-]{43}\""), TAG);
        assertEquals(TAG, ConditionalJson.entityTag("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        assertNotEquals(TAG, ConditionalJson.entityTag("{\"a\":2}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void ifNoneMatchNamesTheTagAloneInAListWeaklyOrAsAStar() {
        assertTrue(ConditionalJson.matches(TAG, TAG));
        assertTrue(ConditionalJson.matches("\"other\", " + TAG, TAG));
        assertTrue(ConditionalJson.matches("W/" + TAG, TAG));
        assertTrue(ConditionalJson.matches("*", TAG));
    }

    @Test
    void anotherTagOrNoneIsNotAMatch() {
        assertFalse(ConditionalJson.matches(null, TAG));
        assertFalse(ConditionalJson.matches("", TAG));
        assertFalse(ConditionalJson.matches("\"other\"", TAG));
        assertFalse(ConditionalJson.matches(TAG.replace("\"", ""), TAG));
    }
}

package dev.claimschallenge.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BoundedCacheTest {

    @Test
    void keepsValuesUntilFullThenStartsOver() {
        BoundedCache<String, Integer> cache = new BoundedCache<>(3);
        cache.put("a", 1);
        cache.put("b", 2);
        cache.put("a", 10); // a key kept again does not grow it
        cache.put("c", 3);
        assertEquals(3, cache.size());
        assertEquals(10, cache.get("a"));

        cache.put("d", 4); // full: emptied first, then kept

        assertEquals(1, cache.size());
        assertNull(cache.get("a"));
        assertEquals(4, cache.get("d"));
    }

    @Test
    void needsRoomForOneEntry() {
        assertThrows(IllegalArgumentException.class, () -> new BoundedCache<String, String>(0));
    }
}

package dev.claimschallenge.keycloak;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Values worked out once per key and shared by every request (a parse, what a mapper can
 * produce), bounded by starting over: past {@code maxEntries} the cache is emptied, so keys that
 * are never asked for again (old contents after edits, deleted mappers) cannot grow it without
 * bound. Thread-safe; racing threads may work out the same value twice, so values must be
 * immutable and the same for equal keys.
 */
public final class BoundedCache<K, V> {

    private final Map<K, V> values = new ConcurrentHashMap<>();
    private final int maxEntries;

    public BoundedCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** The value kept for {@code key}, or {@code null}. */
    public V get(K key) {
        return values.get(key);
    }

    /** Keeps {@code value} for {@code key}; empties the cache first when it is full. */
    public void put(K key, V value) {
        if (values.size() >= maxEntries) {
            values.clear();
        }
        values.put(key, value);
    }

    public int size() {
        return values.size();
    }

    public void clear() {
        values.clear();
    }
}

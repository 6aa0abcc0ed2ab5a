package dev.claimschallenge.keycloak.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * Values kept with the copy of a realm that Keycloak's realm cache holds, so that they go exactly
 * when it goes. Keycloak's cached realm ({@code org.keycloak.models.cache.infinispan.RealmAdapter},
 * a {@value #CACHED_REALM_MODEL}) is dropped on every change to the realm, its components
 * included: on this node when the change commits, on every other node of a cluster through
 * Keycloak's invalidation messages. {@code getCachedWith()} is the map Keycloak keeps with it for
 * this purpose ("custom things cached along with the realm, invalidated with it"). A value
 * computed from the realm's own getters is therefore never older than what those getters return.
 *
 * <p>Not used (the caller computes afresh) while the realm is changed within the current
 * transaction ({@code isUpdated()}, protected): Keycloak's getters then read the uncommitted state
 * from the database, and a value computed from it must not outlive a rollback. Not used either
 * for a realm that is not a cached one (cache disabled, tests). Touches Keycloak internals (the
 * interface is in model-storage-private, {@code isUpdated} is protected), so it lives here;
 * {@code KeycloakInternalsTest} checks both against the Keycloak distribution.
 */
public final class RealmCache {

    static final String CACHED_REALM_MODEL = "org.keycloak.models.cache.CachedRealmModel";
    static final String CACHED_WITH = "getCachedWith";
    static final String IS_UPDATED = "isUpdated";

    private static final Logger LOG = Logger.getLogger(RealmCache.class);

    /** How to reach the two members on a realm class; {@code null} when the class is not a cached realm. */
    record Access(MethodHandle cachedWith, MethodHandle isUpdated) {
    }

    /** The realm class last seen and how to reach its members: a server has one realm class, so this is one read per token. */
    private record Resolved(Class<?> type, Access access) {
    }

    private static volatile Resolved last = new Resolved(null, null);

    /** Every realm class seen (a session that changes a realm may see Keycloak's uncached one): each resolved once. */
    private static final Map<Class<?>, java.util.Optional<Access>> SEEN = new java.util.concurrent.ConcurrentHashMap<>();

    private RealmCache() {
    }

    /**
     * The value kept under {@code key} with the cached realm, computed by {@code compute} (from the
     * realm's getters) when there is none yet; {@code compute}'s result whenever there is no cache
     * to keep it in. {@code key} must name the caller's value uniquely (Keycloak and other
     * extensions share the map), e.g. the value's class name.
     */
    public static <T> T get(RealmModel realm, String key, Class<T> type, Supplier<T> compute) {
        Access access = accessOf(realm.getClass());
        if (access == null || updated(access, realm)) {
            return compute.get();
        }
        Map<Object, Object> cachedWith = cachedWith(access, realm);
        if (cachedWith == null) {
            return compute.get();
        }
        Object known = cachedWith.get(key);
        if (type.isInstance(known)) {
            return type.cast(known);
        }
        T value = compute.get();
        // computing may have started a change of the realm in this transaction: then keep nothing
        if (!updated(access, realm)) {
            cachedWith.put(key, value);
        }
        return value;
    }

    /** Whether {@code type} is a realm class this cache can keep values with. */
    static boolean supports(Class<?> type) {
        return accessOf(type) != null;
    }

    private static Access accessOf(Class<?> type) {
        Resolved resolved = last;
        if (resolved.type() != type) {
            resolved = new Resolved(type, SEEN.computeIfAbsent(type, t -> java.util.Optional.ofNullable(access(t))).orElse(null));
            last = resolved;
        }
        return resolved.access();
    }

    static Access access(Class<?> type) {
        if (!implementsByName(type, CACHED_REALM_MODEL)) {
            return null;
        }
        try {
            Method cachedWith = type.getMethod(CACHED_WITH);
            Method isUpdated = declared(type, IS_UPDATED);
            if (!Map.class.isAssignableFrom(cachedWith.getReturnType()) || isUpdated.getReturnType() != boolean.class) {
                throw new NoSuchMethodException(CACHED_WITH + " or " + IS_UPDATED + " changed their types");
            }
            cachedWith.setAccessible(true);
            isUpdated.setAccessible(true);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            return new Access(lookup.unreflect(cachedWith), lookup.unreflect(isUpdated));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // correct without it, only slower: every token reads the realm's components again
            LOG.errorf("Keycloak internals changed: %s no longer offers %s() and %s(); the Claims Challenge extension reads "
                    + "its policies without caching them. This Keycloak version is not supported: %s", type.getName(),
                    CACHED_WITH, IS_UPDATED, e);
            return null;
        }
    }

    private static boolean updated(Access access, RealmModel realm) {
        try {
            return (boolean) access.isUpdated().invoke(realm);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> cachedWith(Access access, RealmModel realm) {
        try {
            return (Map<Object, Object>) access.cachedWith().invoke(realm);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static Method declared(Class<?> type, String name) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod(name);
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name + "()");
    }

    private static boolean implementsByName(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(name) || implementsByName(i, name)) {
                    return true;
                }
            }
        }
        return false;
    }
}

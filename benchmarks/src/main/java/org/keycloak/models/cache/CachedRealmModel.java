package org.keycloak.models.cache;

import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.models.RealmModel;

/**
 * A stand-in, for the benchmarks only, of Keycloak's interface of the same name (in
 * keycloak-model-storage-private, which is not a dependency here; the server has the real one):
 * the member of it that the extension's realm cache uses, so that a fake realm can be a cached
 * realm as the extension recognises it (by this name). Never shipped.
 */
public interface CachedRealmModel extends RealmModel {

    ConcurrentHashMap getCachedWith();
}

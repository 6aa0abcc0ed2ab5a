package dev.claimschallenge.keycloak.it.support;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** A running Keycloak with the extension and the example realm, whichever way it was started. */
public interface KeycloakServer extends AutoCloseable {

    String REALM = "claims-demo";

    /** Base URL without a trailing slash, e.g. {@code http://127.0.0.1:41234}. */
    String baseUrl();

    /** The certificate and port of the https this server also serves, if any (the shared distribution does). */
    default Optional<ThrowAwayTls> tls() {
        return Optional.empty();
    }

    default String realmUrl() {
        return baseUrl() + "/realms/" + REALM;
    }

    default URI oidcEndpoint(String path) {
        return URI.create(realmUrl() + "/protocol/openid-connect/" + path);
    }

    /** Everything Keycloak logged so far. */
    String log();

    /** The last lines of Keycloak's log, to explain a failure. */
    default String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    void close();
}

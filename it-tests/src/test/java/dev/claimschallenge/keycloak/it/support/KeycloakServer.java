package dev.claimschallenge.keycloak.it.support;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** A running Keycloak with the extension and the example realm, whichever way it was started. */
public interface KeycloakServer extends AutoCloseable {

    String REALM = "claims-demo";

    /** Base URL without a trailing slash, e.g. {@code http://127.0.0.1:41234}. */
    String baseUrl();

    /** The https base URL, where this server also serves https (the shared distribution does). */
    default Optional<String> httpsBaseUrl() {
        return Optional.empty();
    }

    /** The certificate of {@link #httpsBaseUrl()}. */
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

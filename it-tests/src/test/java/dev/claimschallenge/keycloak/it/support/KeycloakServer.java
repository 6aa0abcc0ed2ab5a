package dev.claimschallenge.keycloak.it.support;

import java.net.URI;

/** A running Keycloak with the extension and the example realm, whichever way it was started. */
public interface KeycloakServer extends AutoCloseable {

    String REALM = "claims-demo";

    /** Base URL without a trailing slash, e.g. {@code http://127.0.0.1:41234}. */
    String baseUrl();

    default String realmUrl() {
        return baseUrl() + "/realms/" + REALM;
    }

    default URI oidcEndpoint(String path) {
        return URI.create(realmUrl() + "/protocol/openid-connect/" + path);
    }

    /** The last lines of Keycloak's log, to explain a failure. */
    String logTail(int lines);

    @Override
    void close();
}

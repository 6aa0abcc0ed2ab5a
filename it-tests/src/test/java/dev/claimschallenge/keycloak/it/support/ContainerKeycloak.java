package dev.claimschallenge.keycloak.it.support;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import java.util.List;
import org.testcontainers.DockerClientFactory;

/**
 * The same server in Docker through testcontainers-keycloak ({@code -Dit.keycloak=container}).
 * Only where a Docker engine exists; the default path never touches Docker.
 */
public final class ContainerKeycloak implements KeycloakServer {

    private final KeycloakContainer container;

    private ContainerKeycloak(KeycloakContainer container) {
        this.container = container;
    }

    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // closed in close()
    public static ContainerKeycloak start() {
        KeycloakContainer container = new KeycloakContainer("quay.io/keycloak/keycloak:" + ItConfig.keycloakVersion())
                .withAdminUsername(ItConfig.ADMIN_USER)
                .withAdminPassword(ItConfig.ADMIN_PASSWORD)
                .withProviderLibsFrom(List.of(ItConfig.providerJar().toFile()))
                // the realm-exports jar is on the test classpath
                .withRealmImportFile("/" + ItConfig.realmFile().getFileName())
                .withStartupTimeout(ItConfig.startupTimeout());
        if (!ItConfig.features().isEmpty()) {
            container.withFeaturesEnabled(ItConfig.features().toArray(String[]::new));
        }
        container.start();
        return new ContainerKeycloak(container);
    }

    @Override
    public String baseUrl() {
        String url = container.getAuthServerUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String log() {
        return container.getLogs();
    }

    @Override
    public void close() {
        container.stop();
    }
}

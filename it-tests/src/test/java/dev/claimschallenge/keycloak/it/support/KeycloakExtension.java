package dev.claimschallenge.keycloak.it.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Starts one Keycloak per test JVM, on first use, and stops it when the JVM's tests are done
 * (also when they fail). Injects {@link KeycloakServer} into test methods and constructors, and
 * prints the tail of Keycloak's log next to every failing test.
 */
public final class KeycloakExtension implements ParameterResolver, TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakExtension.class);

    public static KeycloakServer server(ExtensionContext context) {
        // The root store outlives every test class; JUnit closes it once, at the end of the run.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("server", key -> new Started(startServer()), Started.class).server;
    }

    private static KeycloakServer startServer() {
        String mode = ItConfig.mode();
        boolean container = switch (mode) {
            case "dist" -> false;
            case "container" -> true;
            case "auto" -> ContainerKeycloak.dockerAvailable();
            default -> throw new IllegalArgumentException("it.keycloak must be dist, container or auto, not " + mode);
        };
        return container ? ContainerKeycloak.start() : DistributionKeycloak.start();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KeycloakServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        Started started = context.getRoot().getStore(NAMESPACE).get("server", Started.class);
        if (started != null) {
            System.err.println("--- " + context.getDisplayName() + " failed; Keycloak log (last lines) ---\n"
                    + started.server.logTail(60));
        }
        throw throwable;
    }

    private record Started(KeycloakServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }
}

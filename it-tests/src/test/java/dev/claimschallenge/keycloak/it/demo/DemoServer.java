package dev.claimschallenge.keycloak.it.demo;

import dev.claimschallenge.keycloak.it.support.ItConfig;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * demo-app's {@code DemoServer} (the Spring Boot demo API and page that {@code ./demo.sh}
 * starts), run in this JVM but in a class loader of its own, on demo-app's own runtime class
 * path: the demo runs with the versions Spring Boot manages, and the tests keep theirs. Only JDK
 * types cross between the two. The same calls as demo-app's class.
 */
public final class DemoServer implements AutoCloseable {

    /** The authentication context the demo's delete needs: the API's policy must list it, or the demo refuses to start. */
    public static final String SENSITIVE_CONTEXT = "c1";

    /** Where the demo runs and which clients it uses, as demo-app's {@code DemoServer.Config}. */
    public record Config(String keycloakUrl, String realm, String pageClientId, String apiClientId, String apiSecret, int port) {
    }

    /** One for the test JVM: Spring's classes are loaded once, however many demos the tests start. */
    private static ClassLoader demoLoader;

    private final Class<?> type;
    private final Object demo;

    public DemoServer(Config config) throws IOException {
        ClassLoader loader = loader();
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        // Spring Boot finds its factories and the logging system through the context class loader
        thread.setContextClassLoader(loader);
        try {
            type = Class.forName("dev.claimschallenge.demo.DemoServer", true, loader);
            Class<?> configType = Class.forName("dev.claimschallenge.demo.DemoServer$Config", true, loader);
            Constructor<?> newConfig = configType.getConstructor(String.class, String.class, String.class, String.class, String.class,
                    int.class);
            Object demoConfig = newConfig.newInstance(config.keycloakUrl(), config.realm(), config.pageClientId(), config.apiClientId(),
                    config.apiSecret(), config.port());
            demo = type.getConstructor(configType).newInstance(demoConfig);
        } catch (InvocationTargetException e) {
            throw unwrapped(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("demo-app's DemoServer changed: " + e, e);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static synchronized ClassLoader loader() throws IOException {
        if (demoLoader == null) {
            List<URL> urls = new ArrayList<>();
            urls.add(url(Path.of(ItConfig.required("it.demo.classes"))));
            for (String entry : Files.readString(Path.of(ItConfig.required("it.demo.classpath"))).strip().split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    urls.add(url(Path.of(entry)));
                }
            }
            // the platform loader as parent: nothing of the test class path (JUnit, Keycloak's Jackson 2, ...) leaks in
            demoLoader = new URLClassLoader("demo-app", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        }
        return demoLoader;
    }

    private static URL url(Path path) throws MalformedURLException {
        return path.toUri().toURL();
    }

    private Object call(String method) {
        try {
            return type.getMethod(method).invoke(demo);
        } catch (InvocationTargetException e) {
            throw unwrapped(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("demo-app's DemoServer changed: " + e, e);
        }
    }

    /** What the demo threw (e.g. the library's start-up failure naming an unlisted context), as it said it. */
    private static RuntimeException unwrapped(InvocationTargetException e) {
        Throwable cause = e.getCause();
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause.toString(), cause);
    }

    public int port() {
        return (Integer) call("port");
    }

    public URI pageUrl() {
        return (URI) call("pageUrl");
    }

    public URI apiUrl() {
        return (URI) call("apiUrl");
    }

    public int apiRequests() {
        return (Integer) call("apiRequests");
    }

    @Override
    public void close() {
        call("close");
    }
}

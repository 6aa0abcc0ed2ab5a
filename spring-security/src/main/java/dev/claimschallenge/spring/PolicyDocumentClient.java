package dev.claimschallenge.spring;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the API's policy document: fetched once at start, then revalidated with
 * {@code If-None-Match} every {@code refresh}. While Keycloak is unreachable or answers an error,
 * the last document fetched stays in force. {@link #current()} is {@code null} only while no
 * document was ever fetched; the library then fails closed (503).
 */
public class PolicyDocumentClient implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyDocumentClient.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ClaimsChallengeProperties properties;
    private final HttpClient http;
    private final String authorization;
    private final AtomicReference<Fetched> fetched = new AtomicReference<>();
    private final Consumer<PolicyDocument> startupCheck;
    private ScheduledExecutorService scheduler;

    /** The document and the tag it came with. */
    private record Fetched(PolicyDocument document, String etag) {
    }

    /**
     * @param startupCheck run on the document fetched at start, if any: what it throws stops the
     *                     application (a context the policy does not list)
     */
    public PolicyDocumentClient(ClaimsChallengeProperties properties, Consumer<PolicyDocument> startupCheck) {
        this.properties = properties;
        this.startupCheck = startupCheck;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
        // RFC 6749 section 2.3.1: the client id and secret are form-encoded before Basic encoding
        String credentials = URLEncoder.encode(properties.clientId(), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(properties.clientSecret(), StandardCharsets.UTF_8);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** The document in force, or {@code null} when none was ever fetched. */
    public PolicyDocument current() {
        Fetched now = fetched.get();
        return now == null ? null : now.document();
    }

    /**
     * One fetch (or revalidation). Returns whether a document is in force afterwards. Never throws:
     * a failure is logged and the last document kept.
     */
    public boolean refresh() {
        Fetched before = fetched.get();
        URI uri = URI.create(properties.policyUri());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(properties.timeout())
                .header("Authorization", authorization).header("Accept", "application/json").GET();
        if (before != null && before.etag() != null) {
            request.header("If-None-Match", before.etag());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 304 && before != null) {
                return true;
            }
            if (response.statusCode() != 200) {
                LOG.warn("Keycloak answered {} to GET {} as client {}: {}; {}", response.statusCode(), uri, properties.clientId(),
                        abbreviate(response.body()), keeping(before));
                return before != null;
            }
            @SuppressWarnings("unchecked")
            PolicyDocument document = PolicyDocument.of(JSON.readValue(response.body(), Map.class));
            fetched.set(new Fetched(document, response.headers().firstValue("ETag").orElse(null)));
            if (before == null) {
                LOG.info("Claims-challenge policy document of {} fetched from {}: contexts {}", properties.clientId(), uri,
                        document.contexts().keySet());
            } else {
                LOG.info("Claims-challenge policy document of {} changed at {}", properties.clientId(), uri);
            }
            return true;
        } catch (IOException | JacksonException | IllegalArgumentException | ClassCastException e) {
            LOG.warn("Cannot fetch the claims-challenge policy document from {}: {}; {}", uri, e.toString(), keeping(before));
            return before != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return before != null;
        }
    }

    private static String keeping(Fetched before) {
        return before != null ? "the last document fetched stays in force"
                : "no document was ever fetched: requests with a token are answered 503 until one is";
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    /**
     * Fetches at start, then keeps refreshing. The application starts while Keycloak is down (and
     * answers 503 until a document arrives), but not with a context the policy does not list.
     */
    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        boolean ready = refresh();
        if (ready) {
            startupCheck.accept(current());
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "claims-challenge-policy");
            thread.setDaemon(true);
            return thread;
        });
        schedule(ready ? properties.refresh() : properties.retry());
    }

    /** The next refresh: sooner while no document was ever fetched. */
    private synchronized void schedule(Duration delay) {
        if (scheduler != null) {
            scheduler.schedule(() -> schedule(refresh() ? properties.refresh() : properties.retry()), delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}

package dev.claimschallenge.keycloak.it.support;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * A minimal user agent with cookies of its own (so SSO and step-up work like in a browser) that
 * never follows redirects by itself, so tests see every Location header. Every request of the
 * tests goes through {@link #HTTP}, one connection pool; a browser only adds its cookies.
 */
public final class Browser {

    public static final HttpClient HTTP = client(null);

    private final HttpClient http;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

    public Browser() {
        this(null);
    }

    /** A browser that also trusts what {@code ssl} trusts (e.g. a test server's throw-away certificate). */
    public Browser(SSLContext ssl) {
        this.http = ssl == null ? HTTP : client(ssl);
    }

    private static HttpClient client(SSLContext ssl) {
        // HTTP/1.1 as browsers speak over cleartext: the JDK's default (HTTP/2 via an h2c upgrade)
        // moves a pooled connection to HTTP/2, where a long authorization URL counts against the
        // header-list limit and Keycloak answers 431 and GOAWAY instead of the redirect a browser gets.
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10));
        return (ssl == null ? builder : builder.sslContext(ssl)).build();
    }

    public HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    public HttpResponse<String> postForm(URI uri, Map<String, String> form) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form))));
    }

    /** A Nimbus SDK request over the shared client, without cookies (a back-channel call). */
    public static HTTPResponse send(HTTPRequest request) {
        try {
            return request.send(sent -> {
                HttpRequest.Builder builder = HttpRequest.newBuilder(sent.getURI()).method(sent.getMethod().name(),
                        sent.getBody() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(sent.getBody()));
                sent.getHeaderMap().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
                HttpResponse<String> response = new Browser().send(builder);
                HTTPResponse answer = new HTTPResponse(response.statusCode());
                response.headers().map().forEach((name, values) -> answer.setHeader(name, values.toArray(String[]::new)));
                answer.setBody(response.body());
                return answer;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            URI uri = request.build().uri();
            List<String> sent = cookies.get(uri, Map.of()).getOrDefault("Cookie", List.of());
            if (!sent.isEmpty()) {
                request.setHeader("Cookie", String.join("; ", sent));
            }
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            // Keycloak marks its cookies Secure (SameSite=None). Browsers send those to http://127.0.0.1
            // and http://localhost (potentially trustworthy origins); the JDK only over https: drop the flag.
            boolean loopback = List.of("127.0.0.1", "localhost").contains(uri.getHost());
            cookies.put(uri, Map.of("Set-Cookie", response.headers().allValues("Set-Cookie").stream()
                    .map(cookie -> loopback ? cookie.replaceAll("(?i);\\s*Secure(?=;|$)", "") : cookie).toList()));
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String formEncode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}

package dev.claimschallenge.keycloak.it.support;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * Cookies as a browser keeps them for a loopback server. Keycloak marks its session cookies
 * {@code Secure; SameSite=None}; browsers send those to {@code http://127.0.0.1} and
 * {@code http://localhost} (potentially trustworthy origins), but the JDK's CookieManager only
 * sends them over https, which makes Keycloak answer "cookie not found".
 */
final class LoopbackCookieHandler extends CookieHandler {

    private final CookieManager manager = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
        boolean secureChannel = "https".equalsIgnoreCase(uri.getScheme()) || isLoopback(uri.getHost());
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        // the store's own get(uri) drops secure cookies on http: match domain and path here
        List<String> cookies = manager.getCookieStore().getCookies().stream()
                .filter(cookie -> !cookie.hasExpired())
                .filter(cookie -> cookie.getDomain() == null || cookie.getDomain().equalsIgnoreCase(uri.getHost())
                        || HttpCookie.domainMatches(cookie.getDomain(), uri.getHost()))
                .filter(cookie -> cookie.getPath() == null || path.startsWith(cookie.getPath())
                        || (path + "/").equals(cookie.getPath()))
                .filter(cookie -> !cookie.getSecure() || secureChannel)
                .map(LoopbackCookieHandler::pair)
                .toList();
        return cookies.isEmpty() ? Map.of() : Map.of("Cookie", List.of(String.join("; ", cookies)));
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
        manager.put(uri, responseHeaders);
    }

    private static String pair(HttpCookie cookie) {
        return cookie.getName() + "=" + cookie.getValue();
    }

    private static boolean isLoopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        try {
            return host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The policy document as a resource server polls it (issue 25): a strong ETag, 304 when
 * If-None-Match names it, Cache-Control, and what a local judge needs to rank acr values as
 * evaluate does (the ACR-to-LoA maps, those of clients with their own included).
 */
@ExtendWith(KeycloakExtension.class)
class PolicyDocumentCachingIT {

    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("demo-api:demo-api-secret".getBytes(StandardCharsets.UTF_8));

    static HttpResponse<String> policy(KeycloakServer server, String ifNoneMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.realmUrl() + "/claims-challenge/policy"))
                .header("Authorization", BASIC).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return new Browser().send(request);
    }

    @Test
    void thePolicyDocumentHasAStrongETagAndIsPrivateForAMinute(KeycloakServer server) {
        HttpResponse<String> first = policy(server, null);

        assertEquals(200, first.statusCode(), first.body());
        String tag = first.headers().firstValue("ETag").orElseThrow();
        assertTrue(tag.matches("\"[A-Za-z0-9_-]+\""), "a strong, quoted tag: " + tag);
        assertEquals("private, max-age=60", first.headers().firstValue("Cache-Control").orElseThrow());
        HttpResponse<String> again = policy(server, null);
        assertEquals(tag, again.headers().firstValue("ETag").orElseThrow(), "the same document gives the same tag");
        assertEquals(first.body(), again.body());
    }

    @Test
    void ifNoneMatchWithTheCurrentTagIsAnswered304WithoutABody(KeycloakServer server) {
        String tag = policy(server, null).headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> revalidated = policy(server, "\"stale\", " + tag);

        assertEquals(304, revalidated.statusCode(), revalidated.body());
        assertEquals("", revalidated.body());
        assertEquals(tag, revalidated.headers().firstValue("ETag").orElseThrow());
        assertEquals("private, max-age=60", revalidated.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(200, policy(server, "\"stale\"").statusCode(), "another tag gets the document");
    }

    @Test
    void theDocumentCarriesTheMapsALocalJudgeRanksBy(KeycloakServer server) {
        Map<?, ?> document = AdminApi.read(policy(server, null).body(), Map.class);

        assertEquals("claims-demo", document.get("realm"));
        assertEquals(server.realmUrl() + "/protocol/openid-connect/auth", document.get("authorization_uri"));
        assertEquals(Map.of("silver", 1, "gold", 2), document.get("realm_acr_loa_map"));
        assertEquals(Map.of("silver", 1, "gold", 2), document.get("acr_loa_map"), "demo-api has no map of its own");
        assertTrue(!((Map<?, ?>) document.get("client_acr_loa_maps")).containsKey("demo-spa"), "demo-spa's map is the realm's");
    }

    @Test
    void aClientWithItsOwnMapIsListedAndChangesTheTag(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        HttpResponse<String> before = policy(server, null);
        String tag = before.headers().firstValue("ETag").orElseThrow();
        String clientId = admin.createSpaLikeClient("relabelling-app-" + System.nanoTime(), Map.of("acr.loa.map", "{\"gold\":1}"));
        try {
            HttpResponse<String> after = policy(server, tag);

            assertEquals(200, after.statusCode(), "the document changed: the old tag no longer matches");
            assertNotEquals(tag, after.headers().firstValue("ETag").orElseThrow());
            Map<?, ?> maps = (Map<?, ?>) AdminApi.read(after.body(), Map.class).get("client_acr_loa_maps");
            assertEquals(Map.of("gold", 1), maps.get(clientId), "a token of that client says gold for level 1");
        } finally {
            admin.client(clientId).remove();
        }
    }
}

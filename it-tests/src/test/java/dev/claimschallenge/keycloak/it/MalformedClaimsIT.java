package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AuthorizationFlow;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A malformed {@code claims} parameter: an OAuth error for the client, never a 500 or a login page. */
@ExtendWith(KeycloakExtension.class)
class MalformedClaimsIT {

    static Stream<Arguments> malformed() {
        String manyClaims = IntStream.rangeClosed(0, 64).mapToObj(i -> "\"c" + i + "\":null")
                .collect(Collectors.joining(",", "{\"access_token\":{", "}}"));
        return Stream.of(
                Arguments.of("{\"access_token\":", "not valid JSON"),
                Arguments.of("[\"access_token\"]", "must be a JSON object"),
                Arguments.of("{\"access_token\":\"email\"}", "claims.access_token must be a JSON object"),
                Arguments.of("{\"access_token\":{\"email\":{\"essential\":\"yes\"}}}", "essential must be true or false"),
                Arguments.of("{\"access_token\":{\"email\":{\"value\":{\"nested\":{\"deeper\":1}}}}}", "must be a string, number or boolean"),
                Arguments.of("{\"access_token\":{\"email\":{\"values\":\"x\"}}}", "values must be an array"),
                Arguments.of("{\"access_token\":{\"acr\":{\"essential\":true,\"value\":\"gold\\r\\nSet-Cookie: x\"}}}", "an acr value has a control character"),
                Arguments.of("{\"access_token\":{\"bad name\":null}}", "white space"),
                Arguments.of("{\"access_token\":{\"x\":{\"value\":\"" + "a".repeat(8200) + "\"}}}", "larger than 8192 bytes"),
                // Keycloak itself drops claims over 4000 characters; the extension says so
                Arguments.of("{\"access_token\":{\"x\":{\"value\":\"" + "a".repeat(5000) + "\"}}}", "longer than Keycloak accepts"),
                Arguments.of(manyClaims, "more than 64 claims"),
                // valid JSON that no double holds (issue 22, finding 5)
                Arguments.of("{\"access_token\":{\"auth_time\":{\"essential\":true,\"value\":1e400}}}",
                        "claims.access_token.auth_time.value must be a finite number"),
                Arguments.of("{\"access_token\":{\"email\":{\"values\":[\"a\",-1e400]}}}",
                        "claims.access_token.email.values must be a finite number"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedClaimsGetAnInvalidRequestRedirect(String claims, String expected, KeycloakServer server) {
        AuthorizationFlow flow = OidcClient.spa(server).authorize(new Browser(), Map.of("claims", claims));

        Map<String, String> callback = flow.callbackParameters();
        assertEquals("invalid_request", callback.get("error"), callback.toString());
        assertTrue(callback.get("error_description").contains(expected), callback.get("error_description"));
        assertFalse(callback.containsKey("code"));
    }

    @Test
    void withoutAValidRedirectUriKeycloakShowsItsErrorPage(KeycloakServer server) {
        AuthorizationFlow flow = OidcClient.spa(server).authorize(new Browser(),
                Map.of("claims", "{not json", "redirect_uri", "https://attacker.example/cb"));

        assertFalse(flow.isCallback());
        assertEquals(400, flow.status());
        assertTrue(flow.text().contains("Invalid parameter: redirect_uri"), flow.text());
    }

    @Test
    void keycloakKeepsServingAfterBadInput(KeycloakServer server) {
        malformed().forEach(args -> OidcClient.spa(server).authorize(new Browser(), Map.of("claims", (String) args.get()[0])));
        assertEquals(200, OidcClient.spa(server).login("alice", "alice-password", Map.of()).status());
    }
}

package dev.claimschallenge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every header the builder produces parses with an independent parser (Nimbus OAuth 2.0 SDK). */
class ChallengeBuilderTest {

    static final String AUTHZ = "http://localhost:8080/realms/claims-demo/protocol/openid-connect/auth";
    final ChallengeBuilder builder = new ChallengeBuilder("claims-demo", AUTHZ);

    @Test
    void missingClaimsGiveAnEntraStyleClaimsChallengeThePluginAccepts() throws Exception {
        BearerChallenge challenge = forMissing(builder, List.of(essential("email_verified", true)), List.of("gold"), null);
        String header = challenge.toHeaderValue();

        BearerTokenError parsed = BearerTokenError.parse(header);
        assertEquals("insufficient_claims", parsed.getCode());
        assertEquals("claims-demo", parsed.getRealm());
        assertEquals("The access token lacks required claims: email_verified and a stronger authentication (acr gold)",
                parsed.getDescription(), "the description names everything the claims request asks for");

        String claims = param(header, "claims");
        assertTrue(claims.endsWith("=") || claims.length() % 4 == 0, "standard base64 with padding: " + claims);
        assertEquals("{\"access_token\":{\"email_verified\":{\"essential\":true,\"value\":true},\"acr\":{\"essential\":true,\"value\":\"gold\"}}}",
                new String(Base64.getDecoder().decode(claims), StandardCharsets.UTF_8));
    }

    @Test
    void onlyAuthenticationMissingGivesRfc9470() throws Exception {
        String acr = forMissing(builder, List.of(), List.of("gold", "silver"), null).toHeaderValue();
        String maxAge = forMissing(builder, List.of(), List.of(), 300).toHeaderValue();

        assertEquals("insufficient_user_authentication", BearerTokenError.parse(acr).getCode());
        assertEquals("gold silver", param(acr, "acr_values"));
        assertEquals("A stronger authentication is required", BearerTokenError.parse(acr).getDescription());
        assertEquals("insufficient_user_authentication", BearerTokenError.parse(maxAge).getCode());
        assertEquals("300", param(maxAge, "max_age"));
        assertEquals("A more recent authentication is required", BearerTokenError.parse(maxAge).getDescription());
    }

    @Test
    void inactiveAndMissingTokens() throws Exception {
        assertEquals("invalid_token", BearerTokenError.parse(builder.invalidToken().toHeaderValue()).getCode());
        BearerTokenError none = BearerTokenError.parse(builder.noToken().toHeaderValue());
        assertNull(none.getCode(), "no token: no error code (RFC 6750 section 3.1)");
        assertEquals("claims-demo", none.getRealm());
        assertEquals(AUTHZ, param(builder.noToken().toHeaderValue(), "authorization_uri"));
        assertNull(forMissing(builder, List.of(), List.of(), null));
    }

    @Test
    void quotesBackslashesAndControlCharactersCannotBreakTheHeader() throws Exception {
        BearerChallenge hostile = new BearerChallenge("re\"al\\m\r\nX-Injected: 1", AUTHZ, "insufficient_claims",
                "bad \"quoted\" \\ text\r\nX-Injected: 1", null, List.of(), null);
        String header = hostile.toHeaderValue();

        assertFalse(header.contains("\r") || header.contains("\n"), header);
        BearerTokenError parsed = BearerTokenError.parse(header);
        assertEquals("insufficient_claims", parsed.getCode());
        assertEquals("re\"al\\m\r\nX-Injected: 1", URLDecoder.decode(param(header, "realm"), StandardCharsets.UTF_8),
                "percent-encoding round-trips");
        assertFalse(parsed.getDescription().contains("\"") || parsed.getDescription().contains("\\"), parsed.getDescription());
    }

    @Test
    void noQuotedValueButClaimsContainsACommaOrAnEqualsSign() throws Exception {
        String header = forMissing(new ChallengeBuilder("a, b=c", AUTHZ),
                List.of(essential("email_verified", true), essential("tos_version", "2024-06")),
                List.of("gold,x", "silver"), 300).toHeaderValue();

        BearerTokenError parsed = BearerTokenError.parse(header);
        assertEquals("The access token lacks required claims: email_verified tos_version and a stronger authentication (acr gold;x silver)"
                + " and a more recent authentication (within 300 s)", parsed.getDescription(), "everything missing, as the claims request asks");
        // what Microsoft's MSAL.js samples do: split on commas, then each parameter on '='
        String withoutScheme = header.substring(header.indexOf(' ') + 1);
        for (String part : withoutScheme.split(",")) {
            String[] keyValue = part.split("=");
            String key = keyValue[0].trim();
            assertTrue(List.of("realm", "authorization_uri", "error", "error_description", "claims", "acr_values", "max_age").contains(key),
                    "a comma inside a value: " + part + " in " + header);
            if (!key.equals("claims")) {
                assertEquals(2, keyValue.length, "an '=' inside a value: " + part);
            }
        }
        assertEquals("a, b=c", URLDecoder.decode(param(header, "realm"), StandardCharsets.UTF_8));
        assertEquals("gold%2Cx silver",
                param(forMissing(new ChallengeBuilder("r", AUTHZ), List.of(), List.of("gold,x", "silver"), null).toHeaderValue(), "acr_values"));
    }

    @Test
    void everyHeaderValueIsPrintableAscii() throws Exception {
        String realm = "Ж-реалм ✓";
        String uri = "http://localhost:8080/realms/Ж-реалм ✓/protocol/openid-connect/auth";
        ChallengeBuilder unicode = new ChallengeBuilder(realm, uri);
        List<String> headers = List.of(unicode.noToken().toHeaderValue(), unicode.invalidToken().toHeaderValue(),
                forMissing(unicode, List.of(), List.of("göld✓"), null).toHeaderValue(),
                forMissing(unicode, List.of(essential("tos_version", "2024-06")), List.of("göld✓"), 60).toHeaderValue());

        for (String header : headers) {
            assertTrue(header.chars().allMatch(c -> c >= 0x20 && c <= 0x7e), header);
            BearerTokenError parsed = BearerTokenError.parse(header);
            assertEquals(realm, URLDecoder.decode(parsed.getRealm(), StandardCharsets.UTF_8));
            assertEquals(URI.create(param(header, "authorization_uri")).getPath(),
                    "/realms/Ж-реалм ✓/protocol/openid-connect/auth", "the authorization_uri percent-encodes");
        }
        assertEquals("göld✓", URLDecoder.decode(param(headers.get(2), "acr_values"), StandardCharsets.UTF_8));
        assertEquals("A stronger authentication is required", BearerTokenError.parse(headers.get(2)).getDescription());
    }

    /** A quoted parameter's value, unescaped. */
    static String param(String header, String name) {
        Matcher m = Pattern.compile("(?:^|[ ,])" + name + "=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(header);
        assertTrue(m.find(), name + " in " + header);
        return m.group(1).replaceAll("\\\\(.)", "$1");
    }

    private static RequiredClaim essential(String name, Object... values) {
        return RequiredClaim.named(name, values);
    }

    /** The challenge for a shortfall of these pieces (the builder takes the whole shortfall). */
    static BearerChallenge forMissing(ChallengeBuilder builder, List<RequiredClaim> claims, List<String> acr, Integer maxAge) {
        return builder.forShortfall(new Shortfall(Requirement.acr("test", List.of()), claims, acr, maxAge));
    }
}

package dev.claimschallenge.spring;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The validators the library's JwtDecoder runs after the signature: a token evaluate calls
 * inactive must not be let through (SpringLibraryAgreementIT found Spring's default 60 s of clock
 * skew answering 200 to a token that had expired seconds before).
 */
class JwtValidationTest {

    private static final String ISSUER = "http://kc/realms/demo";

    private static ClaimsChallengeProperties properties(Duration clockSkew) {
        return new ClaimsChallengeProperties(ISSUER, "notes-api", "secret", null, null, null, clockSkew);
    }

    private static Jwt token(String issuer, String audience, String typ, Instant expiresAt) {
        return Jwt.withTokenValue("t").header("alg", "RS256").issuer(issuer).audience(List.of(audience, "account"))
                .claim("typ", typ).issuedAt(expiresAt.minusSeconds(300)).expiresAt(expiresAt).build();
    }

    private static boolean valid(ClaimsChallengeProperties properties, Jwt token) {
        return !ClaimsChallengeAutoConfiguration.validator(properties).validate(token).hasErrors();
    }

    @Test
    void aTokenThatExpiredASecondAgoIsInvalidAsEvaluateSays() {
        assertFalse(valid(properties(null), token(ISSUER, "notes-api", "Bearer", Instant.now().minusSeconds(2))));
        assertTrue(valid(properties(null), token(ISSUER, "notes-api", "Bearer", Instant.now().plusSeconds(60))));
    }

    @Test
    void anOperatorMayAllowClockSkewExplicitly() {
        assertTrue(valid(properties(Duration.ofSeconds(60)), token(ISSUER, "notes-api", "Bearer", Instant.now().minusSeconds(2))));
    }

    @Test
    void issuerAudienceAndTypeAreStillChecked() {
        Instant later = Instant.now().plusSeconds(60);
        assertFalse(valid(properties(null), token("http://kc/realms/other", "notes-api", "Bearer", later)));
        assertFalse(valid(properties(null), token(ISSUER, "other-api", "Bearer", later)));
        assertFalse(valid(properties(null), token(ISSUER, "notes-api", "ID", later)));
        assertTrue(valid(properties(null), token(ISSUER, "notes-api", "DPoP", later)));
    }
}

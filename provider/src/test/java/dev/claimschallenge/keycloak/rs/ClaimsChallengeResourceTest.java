package dev.claimschallenge.keycloak.rs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClaimsChallengeResourceTest {

    @Test
    void theBasicChallengesRealmIsAPrintableAsciiQuotedString() {
        assertEquals("claims-demo", ClaimsChallengeResource.quotedAscii("claims-demo"));
        assertEquals("a\\\"b\\\\c", ClaimsChallengeResource.quotedAscii("a\"b\\c"));
        assertEquals("r?alm??", ClaimsChallengeResource.quotedAscii("r\u00e9alm\u2713\n"));
    }
}

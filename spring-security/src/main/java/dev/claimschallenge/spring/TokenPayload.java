package dev.claimschallenge.spring;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A validated token's claims as its payload has them, as evaluate judges them: Spring's JwtDecoder
 * already checked the token, but converted some claims (timestamps to {@code Instant}, for one),
 * and the engine compares values as JSON has them.
 */
final class TokenPayload {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TokenPayload() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> claims(String jwt) {
        String[] parts = jwt.split("\\.");
        return JSON.readValue(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8), Map.class);
    }
}

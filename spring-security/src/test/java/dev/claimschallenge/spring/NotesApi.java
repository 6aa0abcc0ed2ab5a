package dev.claimschallenge.spring;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small API on the library, as an application writes it: an annotated operation, a DSL rule, a
 * scope rule, a public page. Its JwtDecoder and judge are stand-ins (what Spring's decoder and
 * the engine do is theirs to test): the decoder reads unsigned test tokens and refuses "expired",
 * the judge wants {@code email_verified} and every context in {@code acrs}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(NotesApi.Notes.class)
class NotesApi {

    static final String INVALID = "Bearer realm=\"demo\", error=\"invalid_token\", error_description=\"The access token is not active\"";

    @Bean
    SecurityFilterChain notesSecurity(HttpSecurity http, AuthenticationContexts contexts) throws Exception {
        return http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/public").permitAll()
                        .requestMatchers("/admin").hasAuthority("SCOPE_admin")
                        .requestMatchers(HttpMethod.POST, "/notes/*/share").access(contexts.require("c1"))
                        .anyRequest().authenticated())
                .with(ClaimsChallengeConfigurer.claimsChallenge(), Customizer.withDefaults()).build();
    }

    @Bean
    JwtDecoder testTokens() {
        return token -> {
            if (token.equals("expired")) {
                throw new BadJwtException("Jwt expired at 2026-01-01T00:00:00Z");
            }
            // converted as Spring's NimbusJwtDecoder converts them (timestamps to Instant...)
            Map<String, Object> converted = MappedJwtClaimSetConverter.withDefaults(Map.of()).convert(TokenPayload.claims(token));
            return Jwt.withTokenValue(token).header("alg", "none").claims(claims -> claims.putAll(converted)).build();
        };
    }

    @Bean
    RecordingJudge judge() {
        return new RecordingJudge();
    }

    /** An unsigned token with these claims (the test decoder does not check signatures). */
    static String token(Map<String, Object> claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(JsonMapper.builder().build().writeValueAsString(claims).getBytes(StandardCharsets.UTF_8)) + ".x";
    }

    static final class RecordingJudge implements TokenJudge {

        final List<List<String>> contexts = new ArrayList<>();
        final List<Map<String, Object>> claims = new ArrayList<>();

        @Override
        public Judgement judge(PolicyDocument document, Map<String, Object> tokenClaims, List<String> needed, long now) {
            contexts.add(needed);
            claims.add(tokenClaims);
            List<String> missing = new ArrayList<>();
            if (!Boolean.TRUE.equals(tokenClaims.get("email_verified"))) {
                missing.add("email_verified");
            }
            Object acrs = tokenClaims.getOrDefault("acrs", List.of());
            needed.stream().filter(id -> !((List<?>) acrs).contains(id)).forEach(missing::add);
            return new Judgement(missing, missing.isEmpty() ? null
                    : "Bearer realm=\"" + document.realm() + "\", error=\"insufficient_claims\", error_description=\"missing "
                            + String.join(" ", missing) + "\"");
        }

        @Override
        public String invalidToken(PolicyDocument document) {
            return INVALID;
        }
    }

    @RestController
    static class Notes {

        @GetMapping("/notes")
        String list() {
            return "notes";
        }

        @DeleteMapping("/notes/{id}")
        @RequiresAuthenticationContext("c1")
        String delete(@PathVariable("id") String id) {
            return "deleted " + id;
        }

        @PostMapping("/notes/{id}/share")
        String share(@PathVariable("id") String id) {
            return "shared " + id;
        }

        @GetMapping("/admin")
        String admin() {
            return "admin";
        }

        @GetMapping("/public")
        String open() {
            return "public";
        }
    }
}

package dev.claimschallenge.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An API on the library as an application writes it, with nothing test-only: the real
 * auto-configuration (Spring's JwtDecoder from the issuer, the engine's judge, the policy
 * document fetched from Keycloak), a plain operation, one annotated with a context, contexts in
 * the request-matcher DSL, and both at once. Each operation answers its own name.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AgreementApi.Operations.class)
class AgreementApi {

    @Bean
    SecurityFilterChain agreementSecurity(HttpSecurity http, AuthenticationContexts contexts) throws Exception {
        return http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/recent", "/both").access(contexts.require("recent"))
                        .requestMatchers("/terms").access(contexts.require("terms"))
                        .anyRequest().authenticated())
                .with(ClaimsChallengeConfigurer.claimsChallenge(), Customizer.withDefaults()).build();
    }

    @RestController
    static class Operations {

        @GetMapping("/plain")
        String plain() {
            return "plain";
        }

        @GetMapping("/strong")
        @RequiresAuthenticationContext("c1")
        String strong() {
            return "strong";
        }

        /** Its context from the DSL. */
        @GetMapping("/recent")
        String recent() {
            return "recent";
        }

        @GetMapping("/terms")
        String terms() {
            return "terms";
        }

        /** The DSL's context and the annotation's: the library names them in that order. */
        @GetMapping("/both")
        @RequiresAuthenticationContext("c1")
        String both() {
            return "both";
        }
    }
}

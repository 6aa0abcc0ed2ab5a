package dev.claimschallenge.spring;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** The API when Keycloak never gave it a document, and when its operations need a context the policy does not list. */
class FailClosedTest {

    private static ConfigurableApplicationContext start(FakeKeycloak keycloak) {
        return new SpringApplicationBuilder(NotesApi.class).web(WebApplicationType.SERVLET)
                .properties("server.port=0", "claims-challenge.issuer-uri=" + keycloak.issuer(), "claims-challenge.client-id=notes-api",
                        "claims-challenge.client-secret=notes-secret", "claims-challenge.retry=1h")
                .run();
    }

    @Test
    void withoutAnyDocumentATokenGets503AndNoOperationRuns() throws Exception {
        try (FakeKeycloak keycloak = new FakeKeycloak()) {
            keycloak.answer(500, "{}", "\"x\"");
            try (ConfigurableApplicationContext api = start(keycloak)) {
                MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) api).apply(springSecurity()).build();

                mvc.perform(get("/notes").header("Authorization", "Bearer " + NotesApi.token(Map.of("sub", "alice", "email_verified", true))))
                        .andExpect(status().isServiceUnavailable())
                        .andExpect(content().json("{\"error\":\"temporarily_unavailable\"}"));
                mvc.perform(get("/notes")).andExpect(status().isUnauthorized());
            }
        }
    }

    /** The library's own decoder, instead of NotesApi's stand-in: it reads the issuer's discovery document on first use. */
    @Configuration
    static class RealDecoder {
        @Bean
        JwtDecoder testTokens(ClaimsChallengeProperties properties) {
            return new ClaimsChallengeAutoConfiguration().claimsChallengeJwtDecoder(properties);
        }
    }

    @Test
    void whileTheIssuerCannotBeReadATokenGets503NotA500() throws Exception {
        try (FakeKeycloak keycloak = new FakeKeycloak()) {
            // the policy document arrives, but the issuer's discovery document does not (this fake serves none)
            keycloak.answer(200, FakeKeycloak.document(FakeKeycloak.C1), "\"doc\"");
            try (ConfigurableApplicationContext api = new SpringApplicationBuilder(NotesApi.class, RealDecoder.class)
                    .web(WebApplicationType.SERVLET)
                    .properties("server.port=0", "claims-challenge.issuer-uri=" + keycloak.issuer(), "claims-challenge.client-id=notes-api",
                            "claims-challenge.client-secret=notes-secret", "spring.main.allow-bean-definition-overriding=true")
                    .run()) {
                MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) api).apply(springSecurity()).build();

                mvc.perform(get("/notes").header("Authorization", "Bearer " + NotesApi.token(Map.of("sub", "alice"))))
                        .andExpect(status().isServiceUnavailable())
                        .andExpect(content().json("{\"error\":\"temporarily_unavailable\"}"));
                mvc.perform(get("/notes")).andExpect(status().isUnauthorized());
            }
        }
    }

    @Test
    void aContextThePolicyDoesNotListStopsTheStartNamingIt() throws Exception {
        try (FakeKeycloak keycloak = new FakeKeycloak()) {
            keycloak.answer(200, FakeKeycloak.document("[]"), "\"none\"");

            Exception e = assertThrows(Exception.class, () -> start(keycloak).close());

            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertTrue(cause.getMessage().contains("require authentication context(s) [c1] that the policy of client notes-api"),
                    cause.getMessage());
        }
    }
}

package dev.claimschallenge.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** What a client of an API on the library sees, with a policy document fetched from (fake) Keycloak. */
@SpringBootTest(classes = NotesApi.class)
@AutoConfigureMockMvc
class ClaimsChallengeAnswersTest {

    static final FakeKeycloak KEYCLOAK = start();

    static FakeKeycloak start() {
        try {
            FakeKeycloak keycloak = new FakeKeycloak();
            keycloak.answer(200, FakeKeycloak.document(FakeKeycloak.C1), "\"v1\"");
            return keycloak;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void keycloak(DynamicPropertyRegistry properties) {
        properties.add("claims-challenge.issuer-uri", KEYCLOAK::issuer);
        properties.add("claims-challenge.client-id", () -> "notes-api");
        properties.add("claims-challenge.client-secret", () -> "notes-secret");
    }

    @AfterAll
    static void stop() {
        KEYCLOAK.close();
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    NotesApi.RecordingJudge judge;

    @BeforeEach
    void forget() {
        judge.contexts.clear();
        judge.claims.clear();
    }

    static String bearer(Map<String, Object> claims) {
        return "Bearer " + NotesApi.token(claims);
    }

    @Test
    void aTokenThatMeetsThePolicyReachesTheOperation() throws Exception {
        mvc.perform(get("/notes").header("Authorization", bearer(Map.of("sub", "alice", "email_verified", true))))
                .andExpect(status().isOk()).andExpect(content().string("notes"));
        assertEquals(List.of(List.of()), judge.contexts);
    }

    @Test
    void aTokenThatFallsShortGets401WithTheJudgesChallengeAsItIs() throws Exception {
        mvc.perform(get("/notes").header("Authorization", bearer(Map.of("sub", "bob"))))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate",
                        "Bearer realm=\"demo\", error=\"insufficient_claims\", error_description=\"missing email_verified\""))
                .andExpect(content().string(""));
    }

    @Test
    void theJudgeSeesTheClaimsAsThePayloadHasThemNotAsSpringConvertedThem() throws Exception {
        mvc.perform(get("/notes").header("Authorization", bearer(Map.of("sub", "alice", "email_verified", true, "auth_time", 1700000000,
                "exp", 4102444800L))));
        assertEquals(1700000000, judge.claims.get(0).get("auth_time"));
        assertEquals(4102444800L, judge.claims.get(0).get("exp"), "a number, where Spring's Jwt holds an Instant");
    }

    @Test
    void anAnnotatedOperationIsJudgedAgainstItsContext() throws Exception {
        mvc.perform(delete("/notes/7").header("Authorization", bearer(Map.of("sub", "alice", "email_verified", true))))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate",
                        "Bearer realm=\"demo\", error=\"insufficient_claims\", error_description=\"missing c1\""));
        mvc.perform(delete("/notes/7").header("Authorization", bearer(Map.of("sub", "alice", "email_verified", true, "acrs", List.of("c1")))))
                .andExpect(status().isOk()).andExpect(content().string("deleted 7"));
        assertEquals(List.of(List.of("c1"), List.of("c1")), judge.contexts);
    }

    @Test
    void aDslRuleJudgesItsRequestsAgainstItsContext() throws Exception {
        mvc.perform(post("/notes/7/share").header("Authorization", bearer(Map.of("sub", "alice", "email_verified", true))))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/notes").header("Authorization", bearer(Map.of("sub", "alice", "email_verified", true))))
                .andExpect(status().isOk());
        assertEquals(List.of(List.of("c1"), List.of()), judge.contexts, "the rule's context, only for its requests");
    }

    @Test
    void withoutATokenTheDocumentsChallengeIsSent() throws Exception {
        mvc.perform(get("/notes")).andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", FakeKeycloak.NO_TOKEN));
    }

    @Test
    void anInvalidTokenGetsInvalidTokenAsEvaluateBuildsIt() throws Exception {
        mvc.perform(get("/notes").header("Authorization", "Bearer expired")).andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", NotesApi.INVALID));
    }

    @Test
    void springsInsufficientScopeStaysAsItIs() throws Exception {
        mvc.perform(get("/admin").header("Authorization", bearer(Map.of("sub", "alice", "email_verified", true, "scope", "notes"))))
                .andExpect(status().isForbidden())
                .andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer error=\"insufficient_scope\"")));
        assertEquals(List.of(), judge.contexts, "not judged: Spring's rule answered first");
    }

    @Test
    void aPublicPageWithoutATokenIsNotJudged() throws Exception {
        mvc.perform(get("/public")).andExpect(status().isOk()).andExpect(content().string("public"));
        assertEquals(List.of(), judge.contexts);
    }
}

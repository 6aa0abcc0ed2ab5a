package dev.claimschallenge.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.UserRepresentation;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * What an API pays per request to decide about a token: calling Keycloak's {@code evaluate} (a
 * round trip, Keycloak's introspection checks and the engine), against the library's local
 * judgement (Spring's JWT validation with the realm's cached keys, the payload read, the same
 * engine). One Keycloak, one token, the sides in ABBA slices per round, so that drifts fall on both
 * alike; the local side runs twice (A/A) to show the noise. Only in the benchmark profile:
 * {@code mvn -Pbenchmark verify -pl spring-security-it -am -Dit.test=LocalJudgingBenchmark}; writes
 * {@code target/benchmark/local-judging.md} (docs/performance.md).
 */
@ExtendWith(KeycloakExtension.class)
class LocalJudgingBenchmark {

    static final int SECONDS = Integer.getInteger("bench.seconds", 4);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 4);
    static final int THREADS = Integer.getInteger("bench.threads", 4);
    static final String SECRET = "bench-secret";

    /** An API with the library and no operation of its own (no component scan: AgreementApi's contexts stay out). */
    @Configuration
    @EnableAutoConfiguration
    static class BenchApi {
    }

    interface Decision {
        void decide() throws Exception;
    }

    @Test
    void localJudgingAgainstEvaluatePerRequest(KeycloakServer server) throws Exception {
        AdminApi admin = new AdminApi(server);
        String api = "bench-api-" + System.nanoTime();
        admin.createClient(Map.of("clientId", api, "publicClient", false, "secret", SECRET, "standardFlowEnabled", false,
                "directAccessGrantsEnabled", false));
        HttpResponse<String> policy = admin.send("POST", "/realms/" + KeycloakServer.REALM + "/claims-challenge-policies",
                "{\"client_id\":\"" + api + "\",\"mode\":\"advertise\",\"required_claims\":[{\"name\":\"email_verified\",\"values\":[true]}],"
                        + "\"acr_values\":[\"silver\",\"gold\"]}");
        assertEquals(201, policy.statusCode(), policy.body());
        String web = admin.createSpaLikeClient("bench-web-" + System.nanoTime(), Map.of());
        admin.addProtocolMapper(web, Map.of("name", "api audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.client.audience", api, "access.token.claim", "true", "introspection.token.claim", "true")));
        String user = "bench-" + System.nanoTime();
        UserResource created = admin.realm().users().get(admin.createUser(user, "pw-bench"));
        UserRepresentation verified = created.toRepresentation();
        verified.setEmailVerified(true);
        created.update(verified);
        String token = new OidcClient(server, web, null, OidcClient.DEFAULT_REDIRECT_URI).login(user, "pw-bench", Map.of()).accessTokenJwt();

        try (ConfigurableApplicationContext library = new SpringApplicationBuilder(BenchApi.class)
                .properties(Map.of("server.port", "0", "spring.main.banner-mode", "off", "claims-challenge.issuer-uri", server.realmUrl(),
                        "claims-challenge.client-id", api, "claims-challenge.client-secret", SECRET))
                .run()) {
            JwtDecoder decoder = library.getBean(JwtDecoder.class);
            PolicyDocumentClient documents = library.getBean(PolicyDocumentClient.class);
            TokenJudge judge = library.getBean(TokenJudge.class);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest evaluate = HttpRequest.newBuilder(URI.create(server.realmUrl() + "/claims-challenge/evaluate"))
                    .header("Authorization", new ClientSecretBasic(new ClientID(api), new Secret(SECRET)).toHTTPAuthorizationHeader())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))).build();

            Decision remote = () -> {
                HttpResponse<String> answer = http.send(evaluate, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200 || !answer.body().contains("\"satisfied\":true")) {
                    throw new AssertionError("evaluate answered " + answer.statusCode() + " " + answer.body());
                }
            };
            Decision local = () -> {
                decoder.decode(token);
                Judgement judgement = judge.judge(documents.current(), TokenPayload.claims(token), List.of(), Instant.now().getEpochSecond());
                if (!judgement.satisfied()) {
                    throw new AssertionError("the library judged " + judgement);
                }
            };
            // the same decision on both sides before measuring, and a warm-up of each
            remote.decide();
            local.decide();
            run(remote, SECONDS);
            run(local, SECONDS);

            long[] counts = new long[3]; // evaluate, local, local again (A/A)
            List<Decision> sides = List.of(remote, local, local);
            for (int round = 0; round < ROUNDS; round++) {
                // A B C C B A, then reversed next round
                int[] order = round % 2 == 0 ? new int[] {0, 1, 2, 2, 1, 0} : new int[] {2, 1, 0, 0, 1, 2};
                for (int side : order) {
                    counts[side] += run(sides.get(side), SECONDS / 2.0);
                }
            }
            double seconds = ROUNDS * SECONDS;
            double evaluatePerSecond = counts[0] / seconds;
            double localPerSecond = counts[1] / seconds;
            double localAgainPerSecond = counts[2] / seconds;
            String report = """
                    # Local judging vs evaluate per request

                    %d threads, %d rounds of %d s per side (ABBA slices), one Keycloak, one passing token.

                    | side | decisions/s |
                    |---|---|
                    | `evaluate` over HTTP (client authentication, introspection checks, the engine) | %.0f |
                    | the library, local (Spring's JWT validation with cached keys, payload read, the engine) | %.0f |
                    | the library again (A/A control) | %.0f |

                    Ratio local / evaluate: %.1f; A/A ratio: %.3f.
                    """.formatted(THREADS, ROUNDS, SECONDS, evaluatePerSecond, localPerSecond, localAgainPerSecond,
                    localPerSecond / evaluatePerSecond, localAgainPerSecond / localPerSecond);
            Path out = Path.of("target/benchmark/local-judging.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            System.out.println(report);
            assertTrue(counts[0] > 0 && counts[1] > 0, report);
        }
    }

    /** {@code THREADS} threads deciding back to back for {@code seconds}; how many decisions were made. */
    private static long run(Decision decision, double seconds) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(threads.submit(() -> {
                    long n = 0;
                    while (System.nanoTime() < end) {
                        decision.decide();
                        n++;
                    }
                    return n;
                }));
            }
            long total = 0;
            for (Future<Long> each : done) {
                total += each.get();
            }
            return total;
        } finally {
            threads.shutdownNow();
        }
    }
}

package dev.claimschallenge.keycloak.bench;

import dev.claimschallenge.engine.BearerChallenge;
import dev.claimschallenge.engine.ChallengeBuilder;
import dev.claimschallenge.engine.ClaimsRequest;
import dev.claimschallenge.engine.Facts;
import dev.claimschallenge.engine.PolicyEngine;
import dev.claimschallenge.engine.RequiredClaim;
import dev.claimschallenge.engine.Shortfall;
import dev.claimschallenge.keycloak.claims.ClaimsRequestException;
import dev.claimschallenge.keycloak.claims.ClaimsRequestParser;
import dev.claimschallenge.keycloak.policy.PolicyMode;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Per-operation cost of the pure parts: parsing a claims request, evaluating a policy, building a challenge. */
@State(Scope.Benchmark)
public class ClaimsChallengeMicrobenchmarks {

    /** A typical challenge-driven request: five claims with values, plus acr. */
    final String claims = "{\"access_token\":{\"email_verified\":{\"essential\":true,\"value\":true},"
            + "\"tos_version\":{\"essential\":true,\"value\":\"2024-06\"},\"department\":null,\"groups\":{\"values\":[\"research\",\"staff\"]},"
            + "\"xms_cc\":{\"values\":[\"cp1\"]},\"acr\":{\"essential\":true,\"values\":[\"gold\",\"silver\"]}},"
            + "\"id_token\":{\"auth_time\":{\"essential\":true}}}";

    final RequiredClaimsPolicy policy = new RequiredClaimsPolicy(null, "orders-api",
            List.of(RequiredClaim.named("email_verified", true), RequiredClaim.named("tos_version", "2024-06"),
                    RequiredClaim.named("department"), RequiredClaim.named("groups", "research")),
            List.of("gold"), 3600, List.of(), PolicyMode.ENFORCE);

    final Map<String, Object> token = Map.of("email_verified", false, "department", "research",
            "groups", List.of("staff"), "acr", "silver", "auth_time", 1_700_000_000L);

    final Map<String, Integer> loa = Map.of("silver", 1, "gold", 2);

    final ChallengeBuilder builder = new ChallengeBuilder("claims-demo",
            "http://localhost:8080/realms/claims-demo/protocol/openid-connect/auth");

    final Shortfall missing = PolicyEngine.judge(policy.requirement(), Facts.ofToken(token, loa, 1_700_000_100L));

    @Benchmark
    public ClaimsRequest parseClaimsRequest() throws ClaimsRequestException {
        return ClaimsRequestParser.parse(claims);
    }

    @Benchmark
    public String parseAndRewriteForKeycloak() throws ClaimsRequestException {
        return ClaimsRequestParser.write(ClaimsRequestParser.parse(claims).forKeycloak());
    }

    @Benchmark
    public Shortfall evaluatePolicy() {
        return PolicyEngine.judge(policy.requirement(), Facts.ofToken(token, loa, 1_700_000_100L));
    }

    @Benchmark
    public String buildChallengeHeader() {
        BearerChallenge challenge = builder.forShortfall(missing);
        return challenge.toHeaderValue();
    }
}

package dev.claimschallenge.spring;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the Spring library adds to an API's request, beside what every Spring resource server pays
 * already: Spring's own JWT validation (signature, expiry) against the library's path (the same
 * validation, then the payload read as evaluate reads it, the engine's verdict and the header).
 * The ratio of the two, measured side by side in one run, is the library's overhead; the second
 * plain method is the A/A control that shows the noise (docs/performance.md). In this package
 * because the library's judging steps are package-private: this is their only outside caller.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ResourceServerJudgingBenchmark {

    NimbusJwtDecoder decoder;
    PolicyDocument document;
    TokenJudge judge;
    /** A token that meets the policy and context c1, and one that lacks a claim (the 401 path builds a header). */
    String passing;
    String failing;
    long now;

    @Setup
    public void setUp() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k").generate();
        decoder = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
        document = PolicyDocument.of(JsonMapper.builder().build().readValue("""
                {"client_id":"notes-api","policy":{"client_id":"notes-api","required_claims":[{"name":"email_verified","values":[true]},\
                {"name":"tos_version","values":["2024-06"]}],"acr_values":["silver","gold"],"mode":"advertise","contexts":["c1"]},\
                "contexts":[{"id":"c1","acr_values":["gold"],"max_age":300}],"www_authenticate":"Bearer realm=\\"demo\\"",\
                "issuer":"http://kc/realms/demo","realm":"demo","authorization_uri":"http://kc/realms/demo/protocol/openid-connect/auth",\
                "acr_loa_map":{"silver":1,"gold":2},"realm_acr_loa_map":{"silver":1,"gold":2},"client_acr_loa_maps":{}}""", Map.class));
        judge = TokenJudges.engine();
        now = Instant.now().getEpochSecond();
        passing = token(key, true);
        failing = token(key, false);
    }

    private String token(RSAKey key, boolean complete) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("http://kc/realms/demo").subject("3f1c0a7e-alice")
                .audience(List.of("notes-api", "account")).expirationTime(new Date((now + 3600) * 1000))
                .issueTime(new Date((now - 10) * 1000)).jwtID("onrtac:0b6a3c1e").claim("typ", "Bearer").claim("azp", "web")
                .claim("sid", "a1b2").claim("acr", "gold").claim("auth_time", now - 10).claim("scope", "openid email profile")
                .claim("email_verified", true).claim("realm_access", Map.of("roles", List.of("orders-reader", "offline_access")));
        if (complete) {
            claims.claim("tos_version", "2024-06");
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID("k").build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** Spring's resource server alone: what every request pays without the library. */
    @Benchmark
    public Jwt springValidation() {
        return decoder.decode(passing);
    }

    /** The same again: the A/A control (the two should differ only by noise). */
    @Benchmark
    public Jwt springValidationControl() {
        return decoder.decode(passing);
    }

    /** Spring's validation plus the library's judgement of a token that passes. */
    @Benchmark
    public Judgement withLibraryPassing() {
        Jwt jwt = decoder.decode(passing);
        return judge.judge(document, TokenPayload.claims(jwt.getTokenValue()), List.of("c1"), now);
    }

    /** The library's own work alone, for a token that passes: its payload read, the engine's verdict. */
    @Benchmark
    public Judgement libraryJudgementAlone() {
        return judge.judge(document, TokenPayload.claims(passing), List.of("c1"), now);
    }

    /** Only the payload read (JSON parse), to see where the library's time goes. */
    @Benchmark
    public Map<String, Object> payloadAlone() {
        return TokenPayload.claims(passing);
    }

    /** Spring's validation plus the library's judgement of a token that falls short (the 401 and its header). */
    @Benchmark
    public Judgement withLibraryChallenging() {
        Jwt jwt = decoder.decode(failing);
        return judge.judge(document, TokenPayload.claims(jwt.getTokenValue()), List.of("c1"), now);
    }
}

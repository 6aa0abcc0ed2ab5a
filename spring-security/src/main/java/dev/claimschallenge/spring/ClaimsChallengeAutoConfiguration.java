package dev.claimschallenge.spring;

import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * On with {@code claims-challenge.issuer-uri}: the policy document client, the judge, the
 * contexts registry, a {@code JwtDecoder} for the realm (unless the application has one), and a
 * default {@code SecurityFilterChain} (unless the application has one: then it applies
 * {@link ClaimsChallengeConfigurer}).
 */
@AutoConfiguration(before = OAuth2ResourceServerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = ClaimsChallengeProperties.PREFIX, name = "issuer-uri")
@EnableConfigurationProperties(ClaimsChallengeProperties.class)
public class ClaimsChallengeAutoConfiguration {

    /** Keycloak's access tokens say so in {@code typ}; evaluate judges no other (ID and refresh tokens are refused). */
    static final List<String> ACCESS_TOKEN_TYPES = List.of("Bearer", "DPoP");

    @Bean
    @ConditionalOnMissingBean
    TokenJudge claimsChallengeTokenJudge() {
        return TokenJudges.engine();
    }

    @Bean
    @ConditionalOnMissingBean
    AuthenticationContexts authenticationContexts(ObjectProvider<RequestMappingHandlerMapping> mappings) {
        return new AuthenticationContexts(mappings);
    }

    @Bean
    @ConditionalOnMissingBean
    PolicyDocumentClient claimsChallengePolicyDocumentClient(ClaimsChallengeProperties properties, AuthenticationContexts contexts) {
        properties.check();
        return new PolicyDocumentClient(properties, document -> contexts.checkListed(document, properties.clientId()));
    }

    /**
     * Spring's decoder for the realm: signature from the issuer's JWKS, expiry, issuer, the API in
     * {@code aud} (Keycloak's rule for introspection and evaluate) and an access token's {@code typ}.
     * Resolved on first use, so that the application starts while Keycloak is down; until then a
     * token gets the library's 503 (a {@link JwtException}, which Spring reports as a service
     * failure), not the 500 of Spring's initialization exception.
     */
    @Bean
    @ConditionalOnMissingBean
    JwtDecoder claimsChallengeJwtDecoder(ClaimsChallengeProperties properties) {
        properties.check();
        JwtDecoder lazy = new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(properties.issuerUri()).build();
            decoder.setJwtValidator(validator(properties));
            return decoder;
        });
        return token -> {
            try {
                return lazy.decode(token);
            } catch (JwtDecoderInitializationException e) {
                throw new JwtException("the issuer's discovery document or keys cannot be read from " + properties.issuerUri()
                        + ": " + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
            }
        };
    }

    /**
     * Spring's default validators, with the timestamps checked as evaluate checks them: no clock
     * skew unless {@code claims-challenge.clock-skew} says so (Spring's default of 60 s answered 200
     * for a token evaluate calls inactive, for a minute after it expired).
     */
    static OAuth2TokenValidator<Jwt> validator(ClaimsChallengeProperties properties) {
        Duration skew = properties.clockSkew() == null ? Duration.ZERO : properties.clockSkew();
        return new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithValidators(new JwtTimestampValidator(skew), new JwtIssuerValidator(properties.issuerUri())),
                new JwtAudienceValidator(properties.clientId()),
                new JwtClaimValidator<Object>("typ", typ -> typ != null
                        && ACCESS_TOKEN_TYPES.stream().anyMatch(type -> type.equalsIgnoreCase(typ.toString()))));
    }

    @Bean
    @ConditionalOnDefaultWebSecurity
    SecurityFilterChain claimsChallengeSecurityFilterChain(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .with(ClaimsChallengeConfigurer.claimsChallenge(), Customizer.withDefaults()).build();
    }
}

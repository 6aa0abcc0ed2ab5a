package dev.claimschallenge.spring;

import java.time.Clock;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Turns a {@code SecurityFilterChain} into one that judges tokens as Keycloak's evaluate does:
 * Spring's resource server validates the JWT (the application's {@code JwtDecoder}), its
 * authorization rules run as written, then the token is judged after them.
 * <pre>{@code
 * http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
 *     .with(ClaimsChallengeConfigurer.claimsChallenge(), Customizer.withDefaults());
 * }</pre>
 * An application without a {@code SecurityFilterChain} of its own gets that one.
 */
public class ClaimsChallengeConfigurer extends AbstractHttpConfigurer<ClaimsChallengeConfigurer, HttpSecurity> {

    public static ClaimsChallengeConfigurer claimsChallenge() {
        return new ClaimsChallengeConfigurer();
    }

    @Override
    public void init(HttpSecurity http) {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        ClaimsChallengeEntryPoint entryPoint = new ClaimsChallengeEntryPoint(context.getBean(PolicyDocumentClient.class),
                context.getBean(TokenJudge.class));
        DecoderUnavailableHandler failures = new DecoderUnavailableHandler(entryPoint);
        http.oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()).authenticationEntryPoint(entryPoint)
                .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                    @Override
                    public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler(failures);
                        return filter;
                    }
                }));
        http.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint));
    }

    @Override
    public void configure(HttpSecurity http) {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        // after the authorization rules: their 403 insufficient_scope stays Spring's, and the DSL's require(...) has run
        http.addFilterAfter(new ClaimsChallengeFilter(context.getBean(PolicyDocumentClient.class),
                context.getBean(AuthenticationContexts.class), context.getBean(TokenJudge.class),
                context.getBeanProvider(Clock.class).getIfAvailable(Clock::systemUTC)), AuthorizationFilter.class);
    }
}

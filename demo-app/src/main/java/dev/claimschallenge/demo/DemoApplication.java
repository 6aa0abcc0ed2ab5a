package dev.claimschallenge.demo;

import dev.claimschallenge.spring.ClaimsChallengeConfigurer;
import dev.claimschallenge.spring.RequiresAuthenticationContext;
import dev.claimschallenge.spring.TokenJudge;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo API as an application writes it on the library: the page and its config open, the API
 * behind a bearer token judged by the library, the delete annotated with its context. Started by
 * {@link DemoServer}.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class DemoApplication {

    /** One order, as the page shows it. */
    public record Order(int id, String item) {
    }

    @Bean
    SecurityFilterChain demoSecurity(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/api/**").authenticated()
                        // the page, its scripts and /config: a browser fetches them without a token
                        .anyRequest().permitAll())
                // a bearer-token API: no session, no cookie, so nothing for CSRF to protect; with
                // CSRF on, a DELETE without a token would get 403 instead of the API's challenge
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .with(ClaimsChallengeConfigurer.claimsChallenge(), Customizer.withDefaults())
                .build();
    }

    /** Counts the API's requests and adds the JSON bodies the page shows to the library's 401s. */
    @Bean
    ApiAnswers apiAnswers() {
        return new ApiAnswers();
    }

    @Bean
    FilterRegistrationBean<ApiAnswers> apiAnswersRegistration(ApiAnswers filter) {
        FilterRegistrationBean<ApiAnswers> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/api/*");
        // outside Spring Security's filter chain: it sees every request, and the 401s the chain answered
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * The library's judge, unchanged, remembering each judgement for {@link ApiAnswers}: the page
     * reads {@code missing} from the 401's body, and the library sends the challenge header only.
     */
    @Bean
    static BeanPostProcessor rememberJudgements() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof TokenJudge judge ? new ApiAnswers.Remembering(judge) : bean;
            }
        };
    }

    @RestController
    static class Orders {

        @GetMapping("/api/orders")
        Map<String, List<Order>> orders() {
            return Map.of("orders", List.of(new Order(1, "keyboard")));
        }

        /** The sensitive operation: the API's policy and context c1, judged by the library. */
        @DeleteMapping("/api/orders/{id}")
        @RequiresAuthenticationContext(DemoServer.SENSITIVE_CONTEXT)
        Map<String, Integer> delete(@PathVariable("id") int id) {
            return Map.of("deleted", id);
        }
    }

    @RestController
    static class PageConfig {

        private final DemoServer.Config config;

        PageConfig(DemoServer.Config config) {
            this.config = config;
        }

        /** What the page needs to log in; the redirect URI on localhost, as the example realm lists it. */
        @GetMapping("/config")
        Map<String, String> config(HttpServletRequest request) {
            return Map.of("realmUrl", config.realmUrl(), "clientId", config.pageClientId(),
                    "redirectUri", "http://localhost:" + request.getLocalPort() + "/", "api", "/api/orders");
        }
    }
}

package dev.claimschallenge.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Which authentication contexts an operation needs: {@link RequiresAuthenticationContext} on its
 * controller method or class, and {@link #require} in the request-matcher DSL:
 * <pre>{@code
 * http.authorizeHttpRequests(requests -> requests
 *         .requestMatchers(HttpMethod.DELETE, "/notes/**").access(contexts.require("c1"))
 *         .anyRequest().authenticated())
 *     .with(ClaimsChallengeConfigurer.claimsChallenge(), Customizer.withDefaults());
 * }</pre>
 * Both add up, as evaluate's repeated {@code context} parameters do.
 */
public class AuthenticationContexts {

    /** The request attribute the DSL's managers leave their context ids in, for the judge. */
    static final String REQUEST_ATTRIBUTE = AuthenticationContexts.class.getName() + ".required";

    private final ObjectProvider<RequestMappingHandlerMapping> mappings;
    private final Set<String> requiredByRules = ConcurrentHashMap.newKeySet();
    private final Map<HandlerMethod, List<String>> byHandler = new ConcurrentHashMap<>();

    public AuthenticationContexts(ObjectProvider<RequestMappingHandlerMapping> mappings) {
        this.mappings = mappings;
    }

    /**
     * For {@code .access(...)}: the request must be authenticated (as {@code authenticated()}), and
     * its token is then judged against these contexts too. A token that falls short gets the claims
     * challenge (401), not a 403.
     */
    public AuthorizationManager<RequestAuthorizationContext> require(String... ids) {
        List<String> required = List.copyOf(Arrays.asList(ids));
        requiredByRules.addAll(required);
        AuthenticatedAuthorizationManager<RequestAuthorizationContext> authenticated = AuthenticatedAuthorizationManager.authenticated();
        return new AuthorizationManager<>() {
            @Override
            public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
                AuthorizationResult result = authenticated.authorize(authentication, context);
                if (result != null && result.isGranted()) {
                    add(context.getRequest(), required);
                }
                return result;
            }

            @Override
            public String toString() {
                return "authenticated, judged against authentication contexts " + required;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static void add(HttpServletRequest request, List<String> ids) {
        Set<String> all = new LinkedHashSet<>();
        if (request.getAttribute(REQUEST_ATTRIBUTE) instanceof List<?> earlier) {
            all.addAll((List<String>) earlier);
        }
        all.addAll(ids);
        request.setAttribute(REQUEST_ATTRIBUTE, List.copyOf(all));
    }

    /** The contexts this request's operation needs: the DSL's, then its handler's annotations. */
    @SuppressWarnings("unchecked")
    List<String> of(HttpServletRequest request) {
        Set<String> all = new LinkedHashSet<>();
        if (request.getAttribute(REQUEST_ATTRIBUTE) instanceof List<?> fromRules) {
            all.addAll((List<String>) fromRules);
        }
        HandlerMethod handler = handler(request);
        if (handler != null) {
            all.addAll(byHandler.computeIfAbsent(handler, AuthenticationContexts::annotated));
        }
        return List.copyOf(all);
    }

    /** Every context id the application declares, by annotation or in the DSL, sorted. */
    Set<String> declared() {
        Set<String> all = new TreeSet<>(requiredByRules);
        mappings.orderedStream().forEach(mapping -> mapping.getHandlerMethods().values().forEach(handler -> all.addAll(annotated(handler))));
        return all;
    }

    /**
     * At start-up, on the document fetched: a declared context the API's policy does not list could
     * never be in a token for this API (Keycloak refuses to put it there), so the operation could
     * never be called. Stops the application, naming it.
     */
    void checkListed(PolicyDocument document, String clientId) {
        Set<String> unlisted = new TreeSet<>(declared());
        unlisted.removeAll(document.contexts().keySet());
        if (!unlisted.isEmpty()) {
            throw new IllegalStateException("Operations of this API require authentication context(s) " + unlisted
                    + " that the policy of client " + clientId + " in Keycloak does not list (it lists " + document.contexts().keySet()
                    + "): add them to that policy's contexts, or correct @RequiresAuthenticationContext / require(...)");
        }
    }

    private static List<String> annotated(HandlerMethod handler) {
        List<String> ids = new ArrayList<>();
        ids.addAll(annotated(handler.getBeanType()));
        ids.addAll(annotated(handler.getMethod()));
        return List.copyOf(new LinkedHashSet<>(ids));
    }

    private static List<String> annotated(AnnotatedElement element) {
        RequiresAuthenticationContext annotation = AnnotatedElementUtils.findMergedAnnotation(element, RequiresAuthenticationContext.class);
        return annotation == null ? List.of() : List.of(annotation.value());
    }

    /** The controller method Spring MVC will call for this request, or {@code null}. */
    private HandlerMethod handler(HttpServletRequest request) {
        // the lookup sets request attributes of its own (the matched pattern...): keep them from the real request
        HttpServletRequest isolated = new AttributeIsolatingRequest(request);
        for (RequestMappingHandlerMapping mapping : mappings.orderedStream().toList()) {
            try {
                HandlerExecutionChain chain = mapping.getHandler(isolated);
                if (chain != null && chain.getHandler() instanceof HandlerMethod handler) {
                    return handler;
                }
            } catch (Exception e) {
                // no handler for this request in this mapping (e.g. method not allowed): Spring MVC answers it later
            }
        }
        return null;
    }

    /** Reads the request's attributes, writes only its own. */
    private static final class AttributeIsolatingRequest extends HttpServletRequestWrapper {

        private final Map<String, Object> own = new HashMap<>();

        AttributeIsolatingRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Object getAttribute(String name) {
            return own.containsKey(name) ? own.get(name) : super.getAttribute(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            own.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            own.put(name, null);
        }
    }
}

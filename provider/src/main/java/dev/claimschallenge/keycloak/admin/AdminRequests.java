package dev.claimschallenge.keycloak.admin;

import dev.claimschallenge.keycloak.policy.Problems;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.OAuthErrorException;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;

/** What kind of admin request a component validation runs in. */
final class AdminRequests {

    private AdminRequests() {
    }

    /**
     * Whether the request is a save through Keycloak's components endpoint (the admin page), where
     * an admin can act on a message. A realm import (at startup, or a new realm posted with its
     * components) creates components in no guaranteed order, so checks that look at other
     * components (a policy's contexts exist) only run here and in the REST APIs.
     */
    static boolean isComponentsEndpoint(KeycloakSession session) {
        try {
            if (session.getContext().getHttpRequest() == null) {
                return false; // startup import: no request at all
            }
            String path = session.getContext().getUri().getPath();
            return path != null && path.matches("(.*/)?admin/realms/[^/]+/components(/[^/]+)?/?");
        } catch (RuntimeException e) {
            return false; // no request context (e.g. an import at startup)
        }
    }

    /**
     * The body of a REST API's 400: {@code error_description} with every problem (as the page's
     * message), and {@code problems}, the same one by one, each naming its field.
     */
    static Map<String, Object> refusal(ComponentValidationException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", OAuthErrorException.INVALID_REQUEST);
        body.put("error_description", e.getMessage());
        body.put("problems", e instanceof Problems.Refusal refusal ? refusal.problems() : List.of(e.getMessage()));
        return body;
    }
}

package dev.claimschallenge.keycloak.admin;

import dev.claimschallenge.keycloak.policy.AuthenticationContext;
import dev.claimschallenge.keycloak.policy.ContextJson;
import dev.claimschallenge.keycloak.policy.ContextStore;
import dev.claimschallenge.keycloak.policy.ContextValidator;
import dev.claimschallenge.keycloak.policy.ContextComponents;
import dev.claimschallenge.keycloak.policy.PolicyField;
import dev.claimschallenge.keycloak.policy.Problems;
import dev.claimschallenge.keycloak.policy.PolicyStore;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.OAuthErrorException;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * List, read, create or replace ({@code PUT} by context id) and delete authentication contexts as
 * JSON. Contexts are realm-wide, as in Entra: reading needs the right to view the realm, writing
 * to manage it. The admin page and this API read and write the same realm components.
 */
public class ContextAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final ContextStore store;

    ContextAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.COMPONENT);
        this.store = new ContextStore(realm);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        auth.realm().requireViewRealm();
        return store.listForAdmin().stream().map(ContextAdminResource::toJson).toList();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        auth.realm().requireViewRealm();
        return store.byIdForAdmin(id).map(c -> Response.ok(toJson(c)).build()).orElseGet(ContextAdminResource::notFound);
    }

    /** Creates context {@code id} (201) or replaces it (200); the body's {@code id}, if any, must be the same. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("id") String id, String body) {
        auth.realm().requireManageRealm();
        try {
            Problems problems = new Problems();
            AuthenticationContext sent = ContextJson.read(body, problems);
            if (sent.id() != null && !sent.id().equals(id)) {
                problems.add(PolicyField.invalid("Context id (id): the body names \"" + sent.id() + "\" but the URL names \"" + id
                        + "\"; an id cannot be changed (create the new one, move the policies to it, delete the old one)"));
            }
            AuthenticationContext context = new AuthenticationContext(id, sent.displayName(), sent.description(),
                    sent.requiredClaims(), sent.acrValues(), sent.maxAge());
            String componentId = store.componentId(id).orElse(null);
            ContextValidator.validate(realm, context, componentId, problems);
            problems.throwIfAny();
            boolean created = store.put(context);
            Map<String, Object> json = ContextComponents.toJson(context);
            adminEvent.operation(created ? OperationType.CREATE : OperationType.UPDATE).resourcePath(session.getContext().getUri())
                    .representation(json).success();
            return created ? Response.created(session.getContext().getUri().getAbsolutePath()).entity(json).build()
                    : Response.ok(json).build();
        } catch (ComponentValidationException e) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON).entity(AdminRequests.refusal(e)).build();
        }
    }

    /** Refused (409) while a policy lists the context: deleting it would silently change what those APIs accept. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        if (store.byIdForAdmin(id).isEmpty()) {
            return notFound();
        }
        List<String> users = new PolicyStore(realm).list().stream().filter(p -> p.contexts().contains(id))
                .map(RequiredClaimsPolicy::clientId).sorted().toList();
        if (!users.isEmpty()) {
            return error(Response.Status.CONFLICT, "conflict", "The policies of " + String.join(", ", users)
                    + " list authentication context " + id + "; remove it from them first");
        }
        store.delete(id);
        adminEvent.operation(OperationType.DELETE).resourcePath(session.getContext().getUri()).success();
        return Response.noContent().build();
    }

    private static Map<String, Object> toJson(ContextStore.Stored stored) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (stored.context() != null) {
            json.putAll(ContextComponents.toJson(stored.context()));
        } else if (stored.id() != null) {
            json.put("id", stored.id());
        }
        if (stored.problem() != null) {
            json.put("problem", stored.problem());
        }
        return json;
    }

    private static Response error(Response.Status status, String error, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", error, "error_description", description)).build();
    }

    private static Response notFound() {
        return error(Response.Status.NOT_FOUND, "not_found", "No such authentication context");
    }
}

package dev.claimschallenge.keycloak.admin;

import dev.claimschallenge.keycloak.policy.PolicyComponents;
import dev.claimschallenge.keycloak.policy.PolicyField;
import dev.claimschallenge.keycloak.policy.PolicyJson;
import dev.claimschallenge.keycloak.policy.PolicyStore;
import dev.claimschallenge.keycloak.policy.PolicyValidator;
import dev.claimschallenge.keycloak.policy.Problems;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
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
 * List, read, create, replace and delete required-claims policies as JSON (UMA
 * {@code required_claims} shape). Reading needs the right to view clients, writing to manage
 * them. The admin page and this API read and write the same realm components.
 */
public class PolicyAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final PolicyStore store;

    PolicyAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.COMPONENT);
        this.store = new PolicyStore(realm);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        auth.clients().requireView();
        return store.listForAdmin().stream().map(PolicyAdminResource::toJson).toList();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        auth.clients().requireView();
        return store.byIdForAdmin(id).map(p -> Response.ok(toJson(p)).build()).orElseGet(PolicyAdminResource::notFound);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        auth.clients().requireManage();
        try {
            RequiredClaimsPolicy created = store.create(read(body, null));
            adminEvent.operation(OperationType.CREATE).resourcePath(session.getContext().getUri(), created.id())
                    .representation(PolicyComponents.toJson(created)).success();
            URI location = session.getContext().getUri().getAbsolutePathBuilder().path(created.id()).build();
            return Response.created(location).entity(PolicyComponents.toJson(created)).build();
        } catch (ComponentValidationException e) {
            return badRequest(e);
        }
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, String body) {
        auth.clients().requireManage();
        if (store.byIdForAdmin(id).isEmpty()) { // an unreadable one too: PUT is how it is mended
            return notFound();
        }
        try {
            RequiredClaimsPolicy replaced = store.replace(id, read(body, id));
            adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri())
                    .representation(PolicyComponents.toJson(replaced)).success();
            return Response.ok(PolicyComponents.toJson(replaced)).build();
        } catch (ComponentValidationException e) {
            return badRequest(e);
        }
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        auth.clients().requireManage();
        if (!store.delete(id)) {
            return notFound();
        }
        adminEvent.operation(OperationType.DELETE).resourcePath(session.getContext().getUri()).success();
        return Response.noContent().build();
    }

    /**
     * Parses and validates the body as sent (the stored form drops blank list entries, which the
     * admin page's empty rows produce, but an API client that sends one made a mistake).
     */
    private RequiredClaimsPolicy read(String body, String id) {
        Problems problems = new Problems();
        RequiredClaimsPolicy policy = PolicyJson.read(body, problems).withId(id);
        PolicyValidator.validate(realm, policy, problems);
        PolicyValidator.checkContextsExist(realm, policy, problems);
        problems.throwIfAny();
        return policy;
    }

    /** The policy's JSON, with {@code problem} when it is unreadable or no longer valid. */
    private static Map<String, Object> toJson(PolicyStore.Stored stored) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (stored.policy() != null) {
            json.putAll(PolicyComponents.toJson(stored.policy()));
        } else {
            json.put("id", stored.id());
            if (stored.clientId() != null) {
                json.put("client_id", stored.clientId());
            }
        }
        if (stored.problem() != null) {
            json.put("problem", stored.problem());
        }
        return json;
    }

    private static Response badRequest(ComponentValidationException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON).entity(AdminRequests.refusal(e)).build();
    }

    private static Response notFound() {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "not_found", "error_description", "No such required-claims policy")).build();
    }
}

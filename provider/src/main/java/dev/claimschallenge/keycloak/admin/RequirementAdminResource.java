package dev.claimschallenge.keycloak.admin;

import dev.claimschallenge.keycloak.policy.AuthenticationContext;
import dev.claimschallenge.keycloak.policy.Problems;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import dev.claimschallenge.keycloak.policy.RequirementFields;
import dev.claimschallenge.keycloak.policy.RequirementKind;
import dev.claimschallenge.keycloak.policy.RequirementStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * List, read, create, replace and delete one kind of stored requirement as JSON. The admin page
 * and this API read and write the same realm components. Policies are named by their component id
 * (POST creates one); authentication contexts by their own id (PUT creates or replaces).
 */
public class RequirementAdminResource<T extends RequirementFields> {

    /**
     * What the API of a kind needs besides the kind.
     *
     * @param view   throws unless the caller may read items (policies: view clients; contexts, realm-wide as in Entra: view the realm)
     * @param manage throws unless the caller may write them
     * @param inUse  why item {@code key} cannot be deleted now, or {@code null}
     */
    public record Api<T extends RequirementFields>(String providerId, RequirementKind<T> kind, Consumer<AdminPermissionEvaluator> view,
            Consumer<AdminPermissionEvaluator> manage, BiFunction<RealmModel, String, String> inUse) {
    }

    /** {@code /admin/realms/{realm}/claims-challenge-policies}. */
    public static final Api<RequiredClaimsPolicy> POLICIES = new Api<>("claims-challenge-policies", RequirementKind.POLICY,
            auth -> auth.clients().requireView(), auth -> auth.clients().requireManage(), (realm, id) -> null);

    /** {@code /admin/realms/{realm}/claims-challenge-contexts}; deleting a context a policy lists would silently change what that API accepts. */
    public static final Api<AuthenticationContext> CONTEXTS = new Api<>("claims-challenge-contexts", RequirementKind.CONTEXT,
            auth -> auth.realm().requireViewRealm(), auth -> auth.realm().requireManageRealm(), (realm, id) -> {
                List<String> users = RequirementStore.of(RequirementKind.POLICY, realm).list().stream().filter(p -> p.contexts().contains(id))
                        .map(RequiredClaimsPolicy::clientId).sorted().toList();
                return users.isEmpty() ? null
                        : "The policies of " + String.join(", ", users) + " list authentication context " + id + "; remove it from them first";
            });

    private final Api<T> api;
    private final RequirementKind<T> kind;
    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final RequirementStore<T> store;

    RequirementAdminResource(Api<T> api, KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.api = api;
        this.kind = api.kind();
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.COMPONENT);
        this.store = RequirementStore.of(kind, realm);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        api.view().accept(auth);
        return store.listForAdmin().stream().map(kind::toJson).toList();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        api.view().accept(auth);
        return store.byKeyForAdmin(id).map(stored -> Response.ok(kind.toJson(stored)).build()).orElseGet(this::notFound);
    }

    /** Creates an item named by a new component id: only for kinds named so, the others are created by PUT. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        if (!kind.keyedByComponentId()) {
            throw new NotAllowedException("GET");
        }
        api.manage().accept(auth);
        return save(body, null, null);
    }

    /**
     * Replaces item {@code id} (200), or creates it (201) where the URL names an item by its own id.
     * Parsed and validated as sent (the stored form drops blank list entries, which the admin page's
     * empty rows produce, but an API client that sends one made a mistake).
     */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("id") String id, String body) {
        api.manage().accept(auth);
        Optional<ComponentModel> existing = store.component(id);
        if (existing.isEmpty() && kind.keyedByComponentId()) { // an unreadable one is found too: PUT is how it is mended
            return notFound();
        }
        return save(body, id, existing.map(ComponentModel::getId).orElse(null));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        api.manage().accept(auth);
        if (store.component(id).isEmpty()) {
            return notFound();
        }
        String inUse = api.inUse().apply(realm, id);
        if (inUse != null) {
            return error(Response.Status.CONFLICT, "conflict", inUse);
        }
        store.delete(id);
        adminEvent.operation(OperationType.DELETE).resourcePath(session.getContext().getUri()).success();
        return Response.noContent().build();
    }

    /** @param key the URL's id ({@code null}: POST); @param componentId the item's component ({@code null}: a new one) */
    private Response save(String body, String key, String componentId) {
        try {
            Problems problems = new Problems();
            T value = kind.withKey(kind.read(body, problems), key, problems);
            kind.validateInteractive(realm, value, componentId, problems);
            problems.throwIfAny();
            RequirementStore.Saved<T> saved = store.save(componentId, value);
            Map<String, Object> json = kind.toJson(saved.value());
            var uri = session.getContext().getUri();
            if (key == null) {
                adminEvent.operation(OperationType.CREATE).resourcePath(uri, saved.componentId()).representation(json).success();
                return Response.created(uri.getAbsolutePathBuilder().path(saved.componentId()).build()).entity(json).build();
            }
            adminEvent.operation(saved.created() ? OperationType.CREATE : OperationType.UPDATE).resourcePath(uri).representation(json).success();
            return saved.created() ? Response.created(uri.getAbsolutePath()).entity(json).build() : Response.ok(json).build();
        } catch (ComponentValidationException e) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON).entity(AdminRequests.refusal(e)).build();
        }
    }

    private Response notFound() {
        return error(Response.Status.NOT_FOUND, "not_found", "No such " + kind.fullNoun());
    }

    private static Response error(Response.Status status, String error, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", error, "error_description", description)).build();
    }
}

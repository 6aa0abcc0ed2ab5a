package dev.claimschallenge.keycloak.policy;

import org.keycloak.models.RealmModel;
import dev.claimschallenge.keycloak.internal.SessionAuthentication;

/**
 * Everything an authentication context must be before it is stored, from the admin page, the
 * admin REST API or a realm import. The requirement fields follow the rules of a policy's
 * ({@link PolicyValidator}); acr values must be in the realm's ACR-to-LoA mapping, since a context
 * serves every API that lists it.
 */
public final class ContextValidator {

    private ContextValidator() {
    }

    /** @param componentId the component being saved ({@code null}: a new one), so that it does not collide with itself */
    public static void validate(RealmModel realm, AuthenticationContext context, String componentId) {
        Problems problems = new Problems();
        validate(realm, context, componentId, problems);
        problems.throwIfAny();
    }

    /** Notes every problem of {@code context} in {@code problems}, skipping fields already found unreadable. */
    public static void validate(RealmModel realm, AuthenticationContext context, String componentId, Problems problems) {
        String problem = AuthenticationContext.idProblem(context.id());
        if (problem != null) {
            problems.add(ContextField.ID.problem(problem));
        }
        if (context.displayName() != null && context.displayName().length() > AuthenticationContext.MAX_DISPLAY_NAME_LENGTH) {
            problems.add(ContextField.DISPLAY_NAME.problem("at most " + AuthenticationContext.MAX_DISPLAY_NAME_LENGTH + " characters"));
        }
        if (context.description() != null && context.description().length() > AuthenticationContext.MAX_DESCRIPTION_LENGTH) {
            problems.add(ContextField.DESCRIPTION.problem("at most " + AuthenticationContext.MAX_DESCRIPTION_LENGTH + " characters"));
        }
        PolicyValidator.checkRequiredClaims(context.requiredClaims(), problems);
        PolicyValidator.checkAuthentication(context.acrValues(), context.maxAge(), SessionAuthentication.loaMap(realm), "realm " + realm.getName(),
                problems);
        if (problem == null) {
            new ContextStore(realm).component(context.id())
                    .filter(existing -> !existing.getId().equals(componentId))
                    .ifPresent(existing -> problems.add(ContextField.ID.problem("realm " + realm.getName()
                            + " already has an authentication context \"" + context.id() + "\"; edit that one instead")));
        }
    }
}

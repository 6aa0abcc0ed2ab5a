package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.engine.Facts;
import dev.claimschallenge.engine.PolicyEngine;
import dev.claimschallenge.engine.Requirement;
import dev.claimschallenge.keycloak.OAuthRefusal;
import dev.claimschallenge.keycloak.internal.KeycloakFacts;
import dev.claimschallenge.keycloak.policy.AuthenticationContext;
import dev.claimschallenge.keycloak.policy.RequirementStore;
import dev.claimschallenge.keycloak.policy.RequestedContexts;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;

/**
 * The authentication contexts of a token: {@code acrs} lists exactly the requested (and
 * applicable) contexts the finished token meets, judged by {@link PolicyEngine} over the token's
 * own claims, as the resource servers' evaluate judges them; and a refresh grant that newly asks
 * for a context the session cannot meet gets the "go interactive" answer.
 */
public final class TokenContexts {

    private static final Logger LOG = Logger.getLogger(TokenContexts.class);

    private TokenContexts() {
    }

    /**
     * Sets {@code acrs} on the finished {@code token} to the {@code contexts} it meets, or removes
     * it when it meets none (Keycloak alone writes it). Judged as evaluate judges the token
     * ({@link KeycloakFacts#ofToken}), with acr values ranked through the realm's map (contexts are
     * realm-wide).
     *
     * @param client the client the token is issued to
     */
    static void list(AccessToken token, List<AuthenticationContext> contexts, ClientModel client) {
        token.getOtherClaims().remove(RequestedContexts.ACRS);
        if (!contexts.isEmpty()) {
            list(token, contexts, KeycloakFacts.ofToken(token, client), client.getRealm());
        }
    }

    /** {@link #list(AccessToken, List, ClientModel)} with the token's facts already read ({@link KeycloakFacts#ofToken}). */
    static void list(AccessToken token, List<AuthenticationContext> contexts, Facts facts, RealmModel realm) {
        token.getOtherClaims().remove(RequestedContexts.ACRS);
        List<String> met = PolicyEngine.met(AuthenticationContext.byId(contexts), KeycloakFacts.rankedForContexts(facts, realm));
        if (!met.isEmpty()) {
            token.getOtherClaims().put(RequestedContexts.ACRS, met);
        }
        LOG.debugf("Access token %s: contexts %s requested, %s met", token.getId(),
                contexts.stream().map(AuthenticationContext::id).toList(), met);
    }

    /**
     * At introspection: the contexts {@code issued} listed, in Keycloak's rebuilt {@code answer}
     * (whose Keycloak-decided claims are restored), as far as they still hold (a context with
     * {@code max_age} drops out as the token ages, as in a refreshed token). Keycloak's own
     * introspection knows nothing of {@code acrs}.
     */
    public static void relist(RealmModel realm, AccessToken issued, AccessToken answer, ClientModel client) {
        if (!(issued.getOtherClaims().get(RequestedContexts.ACRS) instanceof List<?> listed)) {
            answer.getOtherClaims().remove(RequestedContexts.ACRS);
            return;
        }
        List<String> ids = listed.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        list(answer, RequirementStore.contexts(realm).byKeys(ids), client);
    }

    /**
     * On a refresh grant whose {@code claims} parameter names contexts: when the session's
     * authentication (acr, last active login) falls short of one, only the user can help, so the
     * client gets the one "go interactive" answer of every step-up on the silent path.
     *
     * @param session the session's facts ({@link Facts#ofSession})
     */
    static void requireInteractionIfUnmet(List<AuthenticationContext> requested, Facts session) {
        for (AuthenticationContext context : requested) {
            Requirement authentication = new Requirement("context " + context.id(), List.of(), context.acrValues(), context.maxAge());
            if (!PolicyEngine.judge(authentication, session).satisfied()) {
                throw OAuthRefusal.interactionRequired("authentication context " + context.id()
                        + " needs a new authorization request (the session's authentication is not strong or recent enough)");
            }
        }
    }
}

package dev.claimschallenge.keycloak.policy;

import dev.claimschallenge.keycloak.claims.ClaimNames;
import java.util.List;
import java.util.Map;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;

/**
 * Everything a policy must be before it is stored, whether it comes from the admin page, the
 * admin REST API or a realm import. Messages say what to fix.
 */
public final class PolicyValidator {

    public static final int MAX_CLAIMS = 64;
    /** Ten years: anything longer is surely a typo. */
    public static final int MAX_MAX_AGE = 10 * 365 * 24 * 3600;

    private PolicyValidator() {
    }

    public static void validate(RealmModel realm, RequiredClaimsPolicy policy) {
        if (policy.clientId() == null || policy.clientId().isBlank()) {
            throw new ComponentValidationException("Choose the client the policy is for");
        }
        ClientModel client = realm.getClientByClientId(policy.clientId());
        if (client == null) {
            throw new ComponentValidationException("Unknown client \"" + policy.clientId() + "\" in realm " + realm.getName());
        }
        if (policy.requiredClaims().size() + policy.requestableClaims().size() > MAX_CLAIMS) {
            throw new ComponentValidationException("A policy can name at most " + MAX_CLAIMS + " claims");
        }
        for (RequiredClaim claim : policy.requiredClaims()) {
            checkClaimName("required_claims", claim == null ? null : claim.name());
            for (Object value : claim.values()) {
                if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                    throw new ComponentValidationException("required_claims \"" + claim.name()
                            + "\": values must be strings, numbers or booleans");
                }
            }
        }
        policy.requestableClaims().forEach(name -> checkClaimName("requestable_claims", name));
        if (policy.maxAge() != null && (policy.maxAge() < 0 || policy.maxAge() > MAX_MAX_AGE)) {
            throw new ComponentValidationException("max_age must be between 0 and " + MAX_MAX_AGE + " seconds");
        }
        for (String acr : policy.acrValues()) {
            String problem = acrProblem(acr);
            if (problem != null) {
                throw new ComponentValidationException("acr_values: " + problem);
            }
        }
        Map<String, Integer> loaMap = AcrUtils.getAcrLoaMap(client);
        List<String> unknown = policy.acrValues().stream().filter(acr -> !loaMap.containsKey(acr)).toList();
        if (!unknown.isEmpty()) {
            throw new ComponentValidationException("acr_values " + unknown + " are not in the ACR-to-LoA mapping of client \""
                    + policy.clientId() + "\" or realm " + realm.getName() + " (known: " + loaMap.keySet() + ")");
        }
        // last: fix the content first, then learn that the policy belongs in the existing one
        new PolicyStore(realm).forClient(policy.clientId())
                .filter(existing -> !existing.id().equals(policy.id()))
                .ifPresent(existing -> {
                    throw new ComponentValidationException("Client \"" + policy.clientId()
                            + "\" already has a required-claims policy; edit that one instead");
                });
    }

    /** Why {@code acr} cannot be a required acr value, or {@code null} when it can. */
    public static String acrProblem(String acr) {
        // acr_values in a challenge is a space-separated list inside a quoted string
        return ClaimNames.problem("an acr value", acr);
    }

    private static void checkClaimName(String field, String name) {
        String problem = ClaimNames.problem(name);
        if (problem != null) {
            throw new ComponentValidationException(field + ": " + problem + (name == null || name.isBlank() ? "" : " (\"" + name.strip() + "\")"));
        }
    }
}

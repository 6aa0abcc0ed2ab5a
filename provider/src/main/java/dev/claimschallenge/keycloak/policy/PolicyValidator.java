package dev.claimschallenge.keycloak.policy;

import dev.claimschallenge.keycloak.claims.ClaimNames;
import dev.claimschallenge.keycloak.internal.SessionAuthentication;
import dev.claimschallenge.keycloak.claims.ReservedClaims;
import java.util.List;
import java.util.Map;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

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
            throw PolicyField.CLIENT.problem("choose the client the policy is for");
        }
        ClientModel client = realm.getClientByClientId(policy.clientId());
        if (client == null) {
            throw PolicyField.CLIENT.problem("unknown client \"" + policy.clientId() + "\" in realm " + realm.getName());
        }
        if (policy.requiredClaims().size() + policy.requestableClaims().size() > MAX_CLAIMS) {
            throw PolicyField.REQUIRED_CLAIMS.problem("a policy can name at most " + MAX_CLAIMS
                    + " claims (required and requestable together)");
        }
        int index = 0;
        for (RequiredClaim claim : policy.requiredClaims()) {
            index++;
            if (claim == null) {
                throw PolicyField.REQUIRED_CLAIMS.problem("entry " + index + " is empty; each entry is an object with a name");
            }
            checkClaimName(PolicyField.REQUIRED_CLAIMS, claim.name());
            for (Object value : claim.values()) {
                if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                    throw PolicyField.REQUIRED_CLAIMS.problem("\"" + claim.name()
                            + "\": values must be strings, numbers or booleans");
                }
            }
        }
        policy.requestableClaims().forEach(name -> checkClaimName(PolicyField.REQUESTABLE_CLAIMS, name));
        if (policy.maxAge() != null && (policy.maxAge() < 0 || policy.maxAge() > MAX_MAX_AGE)) {
            throw PolicyField.MAX_AGE.problem("must be between 0 and " + MAX_MAX_AGE + " seconds");
        }
        for (String acr : policy.acrValues()) {
            String problem = acrProblem(acr);
            if (problem != null) {
                throw PolicyField.ACR_VALUES.problem(problem);
            }
        }
        Map<String, Integer> loaMap = SessionAuthentication.loaMap(client);
        List<String> unknown = policy.acrValues().stream().filter(acr -> !loaMap.containsKey(acr)).toList();
        if (!unknown.isEmpty()) {
            throw PolicyField.ACR_VALUES.problem(unknown + " are not in the ACR-to-LoA mapping of client \""
                    + policy.clientId() + "\" or realm " + realm.getName() + " (known: " + loaMap.keySet() + ")");
        }
        // last: fix the content first, then learn that the policy belongs in the existing one
        new PolicyStore(realm).forClient(policy.clientId())
                .filter(existing -> !existing.id().equals(policy.id()))
                .ifPresent(existing -> {
                    throw PolicyField.CLIENT.problem("client \"" + policy.clientId()
                            + "\" already has a required-claims policy; edit that one instead");
                });
    }

    /**
     * Why {@code acr} cannot be a required acr value, or {@code null} when it can. It travels in
     * {@code acr_values="a b"} of challenge headers (printable ASCII, RFC 7230 quoted-string) and is
     * stored comma-separated: a token of printable ASCII without quotes, backslashes or commas.
     */
    public static String acrProblem(String acr) {
        String problem = ClaimNames.problem("an acr value", acr);
        if (problem != null) {
            return problem;
        }
        for (int i = 0; i < acr.length(); i++) {
            char c = acr.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') {
                return "an acr value must be printable ASCII without commas, e.g. gold or urn:example:loa:2 (\""
                        + dev.claimschallenge.keycloak.ErrorDescription.safe(acr) + "\" is not)";
            }
        }
        return null;
    }

    private static void checkClaimName(PolicyField field, String name) {
        String problem = ClaimNames.problem(name);
        if (problem != null) {
            throw field.problem(problem + (name == null || name.isBlank() ? "" : " (\"" + name.strip() + "\")"));
        }
        if (ReservedClaims.isReserved(name)) {
            throw field.problem("\"" + name + "\" is reserved: Keycloak alone sets it in every token, so a policy "
                    + "can neither require nor release it (reserved: " + String.join(" ", new java.util.TreeSet<>(ReservedClaims.NAMES)) + ")");
        }
    }
}

package dev.claimschallenge.keycloak.policy;

import dev.claimschallenge.engine.ApprovedClients;
import dev.claimschallenge.engine.ClaimNames;
import dev.claimschallenge.engine.RequiredClaim;
import dev.claimschallenge.keycloak.claims.ReservedClaims;
import dev.claimschallenge.keycloak.internal.SessionAuthentication;
import java.util.List;
import java.util.Map;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

/**
 * Everything a policy or an authentication context must be before it is stored, whether it comes
 * from the admin page, the admin REST API or a realm import ({@link RequirementKind#validate}).
 * Messages say what to fix; each problem is noted, so that an admin sees them all at once.
 */
public final class RequirementChecks {

    public static final int MAX_CLAIMS = 64;
    /** Ten years: anything longer is surely a typo. */
    public static final int MAX_MAX_AGE = 10 * 365 * 24 * 3600;
    /**
     * Characters of one policy or context document: a REST body, or one field of the page (e.g. the
     * required-claims JSON). A policy at every other limit fits in a few KiB; this refuses megabytes
     * before they are parsed, and keeps what every token request reads small.
     */
    public static final int MAX_DOCUMENT_CHARS = 64 * 1024;
    /** Acceptable values of one required claim: a claim is checked against each, on every token. */
    public static final int MAX_VALUES_PER_CLAIM = 100;
    /** Authentication contexts one policy may list (Entra has c1 to c99). */
    public static final int MAX_CONTEXTS = 100;

    private RequirementChecks() {
    }

    static void policy(RealmModel realm, RequiredClaimsPolicy policy, String componentId, Problems problems) {
        ClientModel client = null;
        if (!problems.unreadable(RequirementKind.CLIENT.json())) {
            if (policy.clientId() == null || policy.clientId().isBlank()) {
                problems.add(RequirementKind.CLIENT.problem("choose the client the policy is for"));
            } else {
                client = realm.getClientByClientId(policy.clientId());
                if (client == null) {
                    problems.add(RequirementKind.CLIENT.problem("unknown client \"" + policy.clientId() + "\" in realm " + realm.getName()));
                }
            }
        }
        if (policy.requiredClaims().size() + policy.requestableClaims().size() > MAX_CLAIMS) {
            problems.add(RequirementKind.REQUIRED_CLAIMS.problem("a policy can name at most " + MAX_CLAIMS
                    + " claims (required and requestable together)"));
        }
        checkRequiredClaims(policy.requiredClaims(), problems);
        policy.requestableClaims().forEach(name -> problems.check(() -> checkClaimName(RequirementKind.REQUESTABLE_CLAIMS, name)));
        // an unknown client has no ACR-to-LoA map to check against: the acr values' form is still checked
        checkAuthentication(policy.acrValues(), policy.maxAge(), client == null ? null : SessionAuthentication.loaMap(client),
                "client \"" + policy.clientId() + "\" or realm " + realm.getName(), problems);
        problems.check(() -> checkContextIds(policy.contexts()));
        if (client != null && RequirementStore.of(RequirementKind.POLICY, realm).another(policy.clientId(), componentId)) {
            problems.add(RequirementKind.CLIENT.problem("client \"" + policy.clientId() + "\" already has a required-claims policy; edit that one instead"));
        }
    }

    /** A context serves every API that lists it: its acr values must be in the realm's ACR-to-LoA mapping. */
    static void context(RealmModel realm, AuthenticationContext context, String componentId, Problems problems) {
        String problem = AuthenticationContext.idProblem(context.id());
        if (problem != null) {
            problems.add(RequirementKind.ID.problem(problem));
        }
        if (context.displayName() != null && context.displayName().length() > AuthenticationContext.MAX_DISPLAY_NAME_LENGTH) {
            problems.add(RequirementKind.DISPLAY_NAME.problem("at most " + AuthenticationContext.MAX_DISPLAY_NAME_LENGTH + " characters"));
        }
        if (context.description() != null && context.description().length() > AuthenticationContext.MAX_DESCRIPTION_LENGTH) {
            problems.add(RequirementKind.DESCRIPTION.problem("at most " + AuthenticationContext.MAX_DESCRIPTION_LENGTH + " characters"));
        }
        checkRequiredClaims(context.requiredClaims(), problems);
        checkAuthentication(context.acrValues(), context.maxAge(), SessionAuthentication.loaMap(realm), "realm " + realm.getName(), problems);
        if (problem == null && RequirementStore.of(RequirementKind.CONTEXT, realm).another(context.id(), componentId)) {
            problems.add(RequirementKind.ID.problem("realm " + realm.getName() + " already has an authentication context \"" + context.id()
                    + "\"; edit that one instead"));
        }
    }

    /**
     * The {@code required_claims} entries of a policy or an authentication context: named, not
     * reserved, with at most {@link #MAX_VALUES_PER_CLAIM} scalar acceptable values. Each entry's
     * problems are noted.
     */
    static void checkRequiredClaims(List<RequiredClaim> requiredClaims) {
        Problems problems = new Problems();
        checkRequiredClaims(requiredClaims, problems);
        problems.throwIfAny();
    }

    /** As {@link #checkRequiredClaims(List)}, noting each entry's problems. */
    static void checkRequiredClaims(List<RequiredClaim> requiredClaims, Problems problems) {
        if (requiredClaims.size() > MAX_CLAIMS) {
            problems.add(RequirementKind.REQUIRED_CLAIMS.problem("at most " + MAX_CLAIMS + " claims"));
            return; // one message, not one per claim of a list far too long
        }
        int index = 0;
        for (RequiredClaim claim : requiredClaims) {
            index++;
            int entry = index;
            problems.check(() -> checkRequiredClaim(entry, claim));
        }
    }

    private static void checkRequiredClaim(int index, RequiredClaim claim) {
        if (claim == null) {
            throw RequirementKind.REQUIRED_CLAIMS.problem("entry " + index + " is empty; each entry is an object with a name");
        }
        if (ApprovedClients.names(claim.name())) {
            if (claim.values().isEmpty()) {
                throw RequirementKind.REQUIRED_CLAIMS.problem("\"" + claim.name() + "\" needs values: the client ids of the approved clients,"
                        + " e.g. \"values\": [\"demo-spa\"] (Keycloak sets it in every token; it can only be checked)");
            }
        } else {
            checkClaimName(RequirementKind.REQUIRED_CLAIMS, claim.name());
        }
        if (claim.values().size() > MAX_VALUES_PER_CLAIM) {
            throw RequirementKind.REQUIRED_CLAIMS.problem("\"" + dev.claimschallenge.keycloak.ErrorDescription.safe(claim.name()) + "\" has " + claim.values().size()
                    + " acceptable values; at most " + MAX_VALUES_PER_CLAIM + " per claim");
        }
        for (Object value : claim.values()) {
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw RequirementKind.REQUIRED_CLAIMS.problem("\"" + claim.name()
                        + "\": values must be strings, numbers or booleans");
            }
        }
    }

    /**
     * The {@code acr_values} and {@code max_age} of a policy or an authentication context; each
     * problem is noted.
     *
     * @param loaMap   the ACR-to-LoA map the acr values must be in ({@code null}: unknown, not checked)
     * @param loaOwner whose map it is, in words, for the message
     */
    static void checkAuthentication(List<String> acrValues, Integer maxAge, Map<String, Integer> loaMap, String loaOwner,
            Problems problems) {
        if (maxAge != null && (maxAge < 0 || maxAge > MAX_MAX_AGE)) {
            problems.add(RequirementKind.MAX_AGE.problem("must be between 0 and " + MAX_MAX_AGE + " seconds"));
        }
        boolean wellFormed = true;
        for (String acr : acrValues) {
            String problem = acrProblem(acr);
            if (problem != null) {
                problems.add(RequirementKind.ACR_VALUES.problem(problem));
                wellFormed = false;
            }
        }
        if (loaMap == null || !wellFormed) {
            return;
        }
        List<String> unknown = acrValues.stream().filter(acr -> !loaMap.containsKey(acr)).toList();
        if (!unknown.isEmpty()) {
            problems.add(RequirementKind.ACR_VALUES.problem(unknown + " are not in the ACR-to-LoA mapping of "
                    + loaOwner + " (known: " + loaMap.keySet() + ")"));
        }
    }

    /** The well-formedness of the authentication-context ids a policy lists (whether they exist: {@link #checkContextsExist}). */
    static void checkContextIds(List<String> ids) {
        if (ids.size() > MAX_CONTEXTS) {
            throw RequirementKind.CONTEXTS.problem("a policy can list at most " + MAX_CONTEXTS + " authentication contexts");
        }
        for (String id : ids) {
            String problem = AuthenticationContext.idProblem(id);
            if (problem != null) {
                throw RequirementKind.CONTEXTS.problem(problem);
            }
        }
        if (new java.util.HashSet<>(ids).size() != ids.size()) {
            throw RequirementKind.CONTEXTS.problem("lists an authentication context twice");
        }
    }

    /**
     * Every authentication context the policy lists is defined in the realm; skipped when the ids are
     * malformed. Not part of {@link #policy}: a realm import creates components in no guaranteed
     * order, so a policy may arrive before the contexts it lists.
     */
    static void policyReferences(RealmModel realm, RequiredClaimsPolicy policy, String componentId, Problems problems) {
        if (policy.contexts().stream().anyMatch(id -> AuthenticationContext.idProblem(id) != null)) {
            return;
        }
        RequirementStore<AuthenticationContext> contexts = RequirementStore.of(RequirementKind.CONTEXT, realm);
        List<String> unknown = contexts.unknown(policy.contexts());
        if (!unknown.isEmpty()) {
            problems.add(RequirementKind.CONTEXTS.problem("no authentication context " + String.join(", ", unknown)
                    + " in realm " + realm.getName() + "; define it first (known: " + contexts.keys() + ")"));
        }
    }

    /**
     * Refuses a component with a config value longer than {@link #MAX_DOCUMENT_CHARS} before anything
     * reads it (the page, the components API and imports come here; the REST APIs refuse such a body
     * before parsing it).
     */
    static void checkSizes(ComponentModel component) {
        if (component.getConfig() == null) {
            return;
        }
        component.getConfig().forEach((key, values) -> {
            int length = values == null ? 0 : values.stream().mapToInt(v -> v == null ? 0 : v.length()).sum();
            if (length > MAX_DOCUMENT_CHARS) {
                throw Problems.invalid("Field " + RequirementJson.abbreviate(key) + " has " + length + " characters; at most "
                        + MAX_DOCUMENT_CHARS + " per field");
            }
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

    private static void checkClaimName(Field<?, ?> field, String name) {
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

package dev.claimschallenge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Every rule of docs/policies.md that judges a token, a session or a set of policies. */
class PolicyEngineTest {

    private static final long NOW = 1_700_000_000L;
    private static final Map<String, Integer> LOA = Map.of("bronze", 1, "silver", 2, "gold", 3);

    // --- required claims ---------------------------------------------------------------------

    @Test
    void aClaimWithoutValuesNeedsOnlyToBePresent() {
        Requirement anyEmail = claims(RequiredClaim.named("email"));

        assertTrue(judge(anyEmail, Map.of("email", "a@example.org")).satisfied());
        assertEquals(List.of("email"), judge(anyEmail, Map.of()).missingClaimNames());
        Map<String, Object> nullValue = new HashMap<>();
        nullValue.put("email", null);
        assertEquals(List.of("email"), judge(anyEmail, nullValue).missingClaimNames(), "a null value is no value");
    }

    @Test
    void stringValuesMustBeOneOfTheAcceptableOnes() {
        Requirement tos = claims(RequiredClaim.named("tos_version", "2024-06", "2025-01"));

        assertTrue(judge(tos, Map.of("tos_version", "2025-01")).satisfied());
        assertEquals(List.of("tos_version"), judge(tos, Map.of("tos_version", "2023-01")).missingClaimNames());
    }

    @Test
    void numbersCompareByValueButNotWithStrings() {
        Requirement level = claims(RequiredClaim.named("clearance", 1));

        assertTrue(judge(level, Map.of("clearance", 1)).satisfied());
        assertTrue(judge(level, Map.of("clearance", 1.0)).satisfied(), "1 equals 1.0");
        assertTrue(judge(level, Map.of("clearance", 1L)).satisfied());
        assertFalse(judge(level, Map.of("clearance", 2)).satisfied());
        assertFalse(judge(level, Map.of("clearance", "1")).satisfied(), "the string \"1\" is not the number 1");
    }

    @Test
    void booleansMatchBooleansAndTheStringsAttributeMappersWrite() {
        Requirement verified = claims(RequiredClaim.named("email_verified", true));

        assertTrue(judge(verified, Map.of("email_verified", true)).satisfied());
        assertTrue(judge(verified, Map.of("email_verified", "true")).satisfied());
        assertFalse(judge(verified, Map.of("email_verified", false)).satisfied());
        assertFalse(judge(verified, Map.of("email_verified", "false")).satisfied());
    }

    @Test
    void aListValuedClaimPassesWhenItContainsAnAcceptableValue() {
        Requirement admins = claims(RequiredClaim.named("groups", "admins", "auditors"));

        assertTrue(judge(admins, Map.of("groups", List.of("users", "auditors"))).satisfied());
        assertFalse(judge(admins, Map.of("groups", List.of("users"))).satisfied());
        assertFalse(judge(admins, Map.of("groups", List.of())).satisfied());
        assertTrue(judge(claims(RequiredClaim.named("groups")), Map.of("groups", List.of())).satisfied(),
                "without values any present value passes, an empty list too");
    }

    @Test
    void missingClaimsAreNamedInPolicyOrderThenAcrThenMaxAge() {
        Requirement all = new Requirement("orders-api",
                List.of(RequiredClaim.named("tos_version", "2024-06"), RequiredClaim.named("email_verified", true), RequiredClaim.named("email")),
                List.of("gold"), 300);

        Shortfall shortfall = judge(all, Map.of("email", "a@example.org", "acr", "silver", "auth_time", NOW - 301));

        assertEquals(List.of("tos_version", "email_verified"), shortfall.missingClaimNames());
        assertEquals(List.of("tos_version", "email_verified", "acr", "max_age"), shortfall.missingNames());
        assertEquals(List.of("gold"), shortfall.missingAcr());
        assertEquals(300, shortfall.missingMaxAge());
        assertEquals("orders-api", shortfall.requirement().source());
    }

    @Test
    void aMissingClaimKeepsItsAcceptableValuesForTheChallenge() {
        RequiredClaim verified = RequiredClaim.named("email_verified", true);

        Shortfall shortfall = judge(claims(verified), Map.of());

        assertEquals(List.of(verified), shortfall.missingClaims());
        assertEquals(new RequestedClaim("email_verified", true, List.of(true)), shortfall.missingClaims().get(0).asRequest());
    }

    @Test
    void anEmptyRequirementIsAlwaysSatisfied() {
        Shortfall shortfall = judge(new Requirement("api", List.of(), List.of(), null), Map.of());

        assertTrue(shortfall.satisfied());
        assertEquals(List.of(), shortfall.missingNames());
    }

    // --- acr -------------------------------------------------------------------------------------

    @Test
    void anAcceptableAcrOrAHigherRankedOnePasses() {
        Requirement silver = acr("silver", "gold");

        assertTrue(judge(silver, Map.of("acr", "silver")).satisfied());
        assertTrue(judge(silver, Map.of("acr", "gold")).satisfied());
        assertEquals(List.of("silver", "gold"), judge(silver, Map.of("acr", "bronze")).missingAcr(),
                "the challenge names every acceptable value, most preferred first");
    }

    @Test
    void theLowestRankedAcceptableValueSetsTheBar() {
        Requirement goldOrBronze = acr("gold", "bronze"); // most preferred first, but bronze is acceptable

        assertTrue(judge(goldOrBronze, Map.of("acr", "silver")).satisfied());
    }

    @Test
    void aNumericAcrIsItsOwnLevel() {
        assertTrue(judge(acr("gold"), Map.of("acr", "3")).satisfied());
        assertFalse(judge(acr("gold"), Map.of("acr", "2")).satisfied());
        assertTrue(judge(acr("2"), Map.of("acr", "silver")).satisfied(), "an acceptable level may be a number too");
    }

    @Test
    void anAcrOutsideTheMapHasNoLevelAndMeetsNothing() {
        assertFalse(judge(acr("gold"), Map.of("acr", "platinum")).satisfied(), "unknown acr: no level, not met");
        assertFalse(judge(acr("platinum"), Map.of("acr", "platinum")).satisfied(),
                "not even the very string: a string is a label a client can choose, levels are evidence");
        assertFalse(judge(acr("platinum"), Map.of("acr", "gold")).satisfied(), "an acceptable value without a level ranks nothing");
    }

    @Test
    void aTokenWithoutAcrFailsAnAcrRequirement() {
        assertEquals(List.of("acr"), judge(acr("bronze"), Map.of()).missingNames());
    }

    @Test
    void theLoaMapInTheFactsRanks() {
        Map<String, Integer> clientMap = Map.of("gold", 1, "silver", 2); // the policy client's own map, reversed

        assertTrue(PolicyEngine.judge(acr("gold"), Facts.ofToken(Map.of("acr", "silver"), clientMap, NOW)).satisfied());
        assertFalse(judge(acr("gold"), Map.of("acr", "silver")).satisfied(), "with the realm's map silver is below gold");
    }

    @Test
    void aSessionIsJudgedByItsLevelWhateverItsAcrIsCalled() {
        assertTrue(PolicyEngine.judge(acr("silver"), Facts.ofSession(2, NOW, LOA, NOW)).satisfied());
        assertFalse(PolicyEngine.judge(acr("silver"), Facts.ofSession(1, NOW, LOA, NOW)).satisfied());
        assertTrue(PolicyEngine.judge(acr("gold"), Facts.ofSession(5, NOW, LOA, NOW)).satisfied());
        assertFalse(PolicyEngine.judge(acr("bronze"), Facts.ofSession(null, NOW, LOA, NOW)).satisfied(), "unknown level: not met");
    }

    /** Issue 22, finding 2: a client's own acr.loa.map named level 1 "platinum"; the realm's map says platinum is 2. */
    @Test
    void aTokensAcrStringIsNotEvidenceWhenKeycloakRecordedTheLevel() {
        Map<String, Integer> realm = Map.of("silver", 1, "platinum", 2);
        Facts passwordOnly = new Facts(Map.of("acr", "platinum"), "registered-app", 1, NOW, realm, NOW);
        assertEquals(List.of("platinum"), PolicyEngine.judge(acr("platinum"), passwordOnly).missingAcr());
        Facts hardcodedAuthTime = new Facts(Map.of("auth_time", NOW), "registered-app", 2, NOW - 3600, realm, NOW);
        assertEquals(300, PolicyEngine.judge(new Requirement("api", List.of(), List.of(), 300), hardcodedAuthTime).missingMaxAge(),
                "the session's time counts, not the token's auth_time");
    }

    @Test
    void levelsComeFromTheMapElseFromTheNumber() {
        assertEquals(OptionalInt.of(3), PolicyEngine.level("gold", LOA));
        assertEquals(OptionalInt.of(7), PolicyEngine.level("7", LOA));
        assertEquals(OptionalInt.of(-1), PolicyEngine.level("-1", LOA));
        assertEquals(OptionalInt.empty(), PolicyEngine.level("platinum", LOA));
        assertEquals(OptionalInt.empty(), PolicyEngine.level(null, LOA));
    }

    // --- max_age ---------------------------------------------------------------------------------

    @Test
    void maxAgeIsMetUpToAndIncludingTheLimit() {
        Requirement fiveMinutes = maxAge(300);

        assertTrue(judge(fiveMinutes, Map.of("auth_time", NOW - 300)).satisfied(), "exactly max_age old");
        assertEquals(300, judge(fiveMinutes, Map.of("auth_time", NOW - 301)).missingMaxAge(), "one second over");
        assertTrue(judge(fiveMinutes, Map.of("auth_time", NOW)).satisfied());
        assertTrue(judge(fiveMinutes, Map.of("auth_time", (int) (NOW - 10))).satisfied(), "any JSON number");
    }

    @Test
    void maxAgeWithoutAuthTimeIsNotMet() {
        assertEquals(List.of("max_age"), judge(maxAge(300), Map.of()).missingNames());
        assertEquals(List.of("max_age"), judge(maxAge(300), Map.of("auth_time", String.valueOf(NOW))).missingNames(),
                "auth_time is a number of seconds");
    }

    @Test
    void maxAgeZeroNeedsAnAuthenticationThisSecond() {
        assertTrue(judge(maxAge(0), Map.of("auth_time", NOW)).satisfied());
        assertFalse(judge(maxAge(0), Map.of("auth_time", NOW - 1)).satisfied());
    }

    // --- several requirements at once (a client and its audience) --------------------------------

    @Test
    void stepUpTakesTheFirstAcrListAndTheSmallestMaxAge() {
        StepUp stepUp = PolicyEngine.stepUp(List.of(
                new Requirement("web", List.of(RequiredClaim.named("email")), List.of(), 3600),
                new Requirement("orders-api", List.of(), List.of("gold", "silver"), null),
                new Requirement("payments-api", List.of(), List.of("bronze"), 300)));

        assertEquals(List.of("gold", "silver"), stepUp.acrValues());
        assertEquals(Optional.of(300), stepUp.maxAge());
    }

    @Test
    void nothingToStepUpForWithoutAcrOrMaxAge() {
        StepUp stepUp = PolicyEngine.stepUp(List.of(claims(RequiredClaim.named("email"))));

        assertEquals(List.of(), stepUp.acrValues());
        assertEquals(Optional.empty(), stepUp.maxAge());
        assertEquals(new StepUp(List.of(), Optional.empty()), PolicyEngine.stepUp(List.of()));
    }

    @Test
    void claimsToAddAreTheRequiredOnesPlusAcrAndAuthTimeForTheAuthentication() {
        ClaimsRequest request = PolicyEngine.claimsToAdd(List.of(
                new Requirement("orders-api", List.of(RequiredClaim.named("tos_version", "2024-06")), List.of(), null),
                new Requirement("payments-api", List.of(RequiredClaim.named("tos_version", "2025-01"), RequiredClaim.named("email")),
                        List.of("gold"), 300)));

        assertEquals(List.of("tos_version", "email", "acr", "auth_time"), List.copyOf(request.accessToken().keySet()));
        assertEquals(new RequestedClaim("tos_version", true, List.of("2024-06")), request.accessToken().get("tos_version"),
                "the first requirement naming a claim sets its values");
        assertEquals(new RequestedClaim("acr", false, List.of()), request.accessToken().get("acr"), "any acr: Keycloak computes it");
        assertEquals(new RequestedClaim("auth_time", false, List.of()), request.accessToken().get("auth_time"));
    }

    @Test
    void claimsToAddAskNothingOfTheAuthenticationWhereNoRequirementDoes() {
        ClaimsRequest request = PolicyEngine.claimsToAdd(List.of(claims(RequiredClaim.named("email"))));

        assertEquals(List.of("email"), List.copyOf(request.accessToken().keySet()));
        assertFalse(PolicyEngine.claimsToAdd(List.of()).hasAccessTokenClaims());
    }

    @Test
    void eachRequirementOfAnAudienceIsJudgedOnItsOwn() {
        Map<String, Object> token = Map.of("email", "a@example.org", "acr", "silver", "auth_time", NOW - 100);
        Requirement orders = new Requirement("orders-api", List.of(RequiredClaim.named("email")), List.of("silver"), 3600);
        Requirement payments = new Requirement("payments-api", List.of(), List.of("gold"), 60);

        assertTrue(judge(orders, token).satisfied());
        assertEquals(List.of("acr", "max_age"), judge(payments, token).missingNames());
    }

    @Test
    void anAcrRequirementHasNoMaxAge() {
        assertNull(Requirement.acr("x", List.of("gold")).maxAge());
    }

    private static Shortfall judge(Requirement requirement, Map<String, Object> claims) {
        return PolicyEngine.judge(requirement, Facts.ofToken(claims, LOA, NOW));
    }

    private static Requirement claims(RequiredClaim... required) {
        return new Requirement("api", List.of(required), List.of(), null);
    }

    private static Requirement acr(String... values) {
        return Requirement.acr("api", List.of(values));
    }

    private static Requirement maxAge(int seconds) {
        return new Requirement("api", List.of(), List.of(), seconds);
    }
}

package dev.claimschallenge.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

/** The tables of fields give each admin page the form it had when each page was written by hand. */
class RequirementKindTest {

    @Test
    void thePolicyPageKeepsItsFieldsTypesLabelsAndHelpTexts() {
        assertEquals(List.of(
                "client ClientList true claimsChallengePolicyClient claimsChallengePolicyClientHelp",
                "mode List false claimsChallengePolicyMode claimsChallengePolicyModeHelp",
                "required_claims claims-challenge-stored-only false claimsChallengePolicyRequiredClaimsList claimsChallengePolicyRequiredClaimsListHelp",
                "required_claims_list Map false claimsChallengePolicyRequiredClaimsList claimsChallengePolicyRequiredClaimsListHelp",
                "acr_values String false claimsChallengePolicyAcrValues claimsChallengePolicyAcrValuesHelp",
                "max_age String false claimsChallengePolicyMaxAge claimsChallengePolicyMaxAgeHelp",
                "requestable_claims MultivaluedString false claimsChallengePolicyRequestableClaims claimsChallengePolicyRequestableClaimsHelp",
                "contexts MultivaluedString false claimsChallengePolicyContexts claimsChallengePolicyContextsHelp"),
                form(RequirementKind.POLICY));
        ProviderConfigProperty mode = RequirementKind.POLICY.pageProperties().get(1);
        assertEquals(List.of("advertise", "satisfy", "enforce"), mode.getOptions());
        assertEquals("advertise", mode.getDefaultValue());
        assertEquals(List.of("client", "mode", "acr_values"), RequirementKind.POLICY.listColumns());
    }

    @Test
    void theContextPageKeepsItsFieldsTypesLabelsAndHelpTexts() {
        assertEquals(List.of(
                "context_id String true claimsChallengeContextId claimsChallengeContextIdHelp",
                "display_name String false claimsChallengeContextDisplayName claimsChallengeContextDisplayNameHelp",
                "description Text false claimsChallengeContextDescription claimsChallengeContextDescriptionHelp",
                "required_claims claims-challenge-stored-only false claimsChallengePolicyRequiredClaimsList claimsChallengeContextRequiredClaimsListHelp",
                "required_claims_list Map false claimsChallengePolicyRequiredClaimsList claimsChallengeContextRequiredClaimsListHelp",
                "acr_values String false claimsChallengePolicyAcrValues claimsChallengeContextAcrValuesHelp",
                "max_age String false claimsChallengePolicyMaxAge claimsChallengePolicyMaxAgeHelp"),
                form(RequirementKind.CONTEXT));
        assertEquals(List.of("context_id", "display_name", "acr_values"), RequirementKind.CONTEXT.listColumns());
    }

    private static List<String> form(RequirementKind<?> kind) {
        return kind.pageProperties().stream()
                .map(p -> String.join(" ", p.getName(), p.getType(), String.valueOf(p.isRequired()), p.getLabel(), p.getHelpText())).toList();
    }
}

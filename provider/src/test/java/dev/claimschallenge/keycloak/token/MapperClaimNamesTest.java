package dev.claimschallenge.keycloak.token;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ProtocolMapperModel;

/** Which mappers may be skipped: only built-in ones whose claim is known and not requested. */
class MapperClaimNamesTest {

    @Test
    void aMapperEditedUnderTheSameIdIsWorkedOutAgain() {
        // Keycloak's realm cache hands out new model instances after an edit: each answers for itself
        ProtocolMapperModel before = mapper("oidc-hardcoded-claim-mapper", Map.of("claim.name", "department"));
        before.setId("mapper-1");
        ProtocolMapperModel after = mapper("oidc-hardcoded-claim-mapper", Map.of("claim.name", "team"));
        after.setId("mapper-1");

        assertTrue(MapperClaimNames.mayProduce(before, Set.of("department")));
        assertFalse(MapperClaimNames.mayProduce(after, Set.of("department")));
        assertTrue(MapperClaimNames.mayProduce(after, Set.of("team")));
        assertTrue(MapperClaimNames.mayProduce(before, Set.of("department")));
        assertFalse(MapperClaimNames.mayProduce(before, Set.of("team")));
    }

    private static ProtocolMapperModel mapper(String type, Map<String, String> config) {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setProtocolMapper(type);
        model.setConfig(new HashMap<>(config));
        return model;
    }

    @Test
    void aBuiltInMapperRunsOnlyForItsTopLevelClaim() {
        ProtocolMapperModel department = mapper("oidc-usermodel-attribute-mapper", Map.of("claim.name", "department"));
        ProtocolMapperModel nested = mapper("oidc-hardcoded-claim-mapper", Map.of("claim.name", "org.unit"));
        ProtocolMapperModel escaped = mapper("oidc-hardcoded-claim-mapper", Map.of("claim.name", "org\\.unit"));

        assertTrue(MapperClaimNames.mayProduce(department, Set.of("department", "x")));
        assertFalse(MapperClaimNames.mayProduce(department, Set.of("x")));
        assertTrue(MapperClaimNames.mayProduce(nested, Set.of("org")));
        assertFalse(MapperClaimNames.mayProduce(nested, Set.of("org.unit")));
        assertTrue(MapperClaimNames.mayProduce(escaped, Set.of("org.unit")));
        assertFalse(MapperClaimNames.mayProduce(escaped, Set.of("org")));
    }

    @Test
    void fixedClaimsOfMappersWithoutAClaimName() {
        assertTrue(MapperClaimNames.mayProduce(mapper("oidc-full-name-mapper", Map.of()), Set.of("name")));
        assertFalse(MapperClaimNames.mayProduce(mapper("oidc-full-name-mapper", Map.of()), Set.of("given_name")));
        assertTrue(MapperClaimNames.mayProduce(mapper("oidc-address-mapper", Map.of()), Set.of("address")));
        assertFalse(MapperClaimNames.mayProduce(mapper("oidc-address-mapper", Map.of()), Set.of("name")));
    }

    @Test
    void runsWheneverItCannotBeSure() {
        // no claim.name: the mapper's default; a placeholder; a type an operator vouched for
        assertTrue(MapperClaimNames.mayProduce(mapper("oidc-organization-membership-mapper", Map.of()), Set.of("x")));
        assertTrue(MapperClaimNames.mayProduce(mapper("oidc-usermodel-client-role-mapper",
                Map.of("claim.name", "${client_id}_roles")), Set.of("x")));
        assertTrue(MapperClaimNames.mayProduce(mapper("my-ldap-mapper", Map.of("claim.name", "department")), Set.of("x")));
        assertTrue(MapperClaimNames.mayProduce(mapper("oidc-hardcoded-claim-mapper", Map.of("claim.name", " ")), Set.of("x")));
    }
}

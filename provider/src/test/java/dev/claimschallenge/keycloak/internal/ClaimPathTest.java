package dev.claimschallenge.keycloak.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Keycloak's claim-path splitting (JsonUtils, private SPI) as the mappers use it: fails loudly if it moves or changes. */
class ClaimPathTest {

    @Test
    void topLevelClaimAsKeycloaksMappersWriteIt() {
        assertEquals("department", ClaimPath.topLevel("department"));
        assertEquals("address", ClaimPath.topLevel("address.street"));
        assertEquals("org.unit", ClaimPath.topLevel("org\\.unit.name"));
        assertEquals("resource_access", ClaimPath.topLevel("resource_access.${client_id}.roles"));
    }
}

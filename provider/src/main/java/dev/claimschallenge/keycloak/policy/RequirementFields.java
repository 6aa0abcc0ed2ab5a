package dev.claimschallenge.keycloak.policy;

import dev.claimschallenge.engine.RequiredClaim;
import java.util.List;

/** The requirement fields a policy and an authentication context share, so that one row and one check serve both. */
public interface RequirementFields {

    List<RequiredClaim> requiredClaims();

    List<String> acrValues();

    Integer maxAge();
}

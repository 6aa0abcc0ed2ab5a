package dev.claimschallenge.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.claimschallenge.engine.RequiredClaim;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;

/** Reading a policy once per content: an edit (on this node or another) is a new content, read anew. */
class ParsedPoliciesTest {

    private static ComponentModel component(RequiredClaimsPolicy policy) {
        RealmModel realm = mock(RealmModel.class);
        when(realm.getId()).thenReturn("realm-1");
        return RequirementKind.POLICY.toComponent(realm, policy.id(), policy);
    }

    @Test
    void theSameContentIsReadOnceAndAnEditedOneAgain() {
        RequiredClaimsPolicy policy = new RequiredClaimsPolicy("p1", "orders-api", List.of(RequiredClaim.named("department")),
                List.of(), null, List.of(), PolicyMode.ENFORCE);
        ComponentModel stored = component(policy);
        ComponentModel sameAgain = component(policy); // a fresh copy, as a reloaded realm gives

        RequiredClaimsPolicy first = ParsedPolicies.read(stored).orElseThrow();
        assertSame(first, ParsedPolicies.read(sameAgain).orElseThrow());

        ComponentModel edited = component(new RequiredClaimsPolicy("p1", "orders-api",
                List.of(RequiredClaim.named("department", "finance")), List.of(), null, List.of(), PolicyMode.ENFORCE));
        RequiredClaimsPolicy read = ParsedPolicies.read(edited).orElseThrow();
        assertNotSame(first, read);
        assertEquals(List.of("finance"), read.requiredClaims().get(0).values());

        // the component object changed in place (as an admin edit through the model may do)
        stored.getConfig().putSingle("mode", "advertise");
        assertEquals(PolicyMode.ADVERTISE, ParsedPolicies.read(stored).orElseThrow().mode());
    }

    @Test
    void anUnreadablePolicyStaysIgnored() {
        ComponentModel broken = component(new RequiredClaimsPolicy("p2", "orders-api", List.of(), List.of(), null, List.of(),
                PolicyMode.ENFORCE));
        broken.getConfig().putSingle("max_age", "soon");

        assertTrue(ParsedPolicies.read(broken).isEmpty());
        assertTrue(ParsedPolicies.read(broken).isEmpty());
    }
}

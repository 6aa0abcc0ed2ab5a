package dev.claimschallenge.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.claimschallenge.keycloak.claims.ClaimsRequestParser;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

/** Which contexts an access_token.acrs request names, and which of them apply to a token. */
class RequestedContextsTest {

    @Test
    void valuesAndEntrasSingleValueBothName() throws Exception {
        assertEquals(List.of("c1", "c2"), RequestedContexts.ids(ClaimsRequestParser.parse(
                "{\"access_token\":{\"acrs\":{\"essential\":true,\"values\":[\"c1\",\"c2\",\"c1\"]}}}")));
        assertEquals(List.of("c1"), RequestedContexts.ids(ClaimsRequestParser.parse(
                "{\"access_token\":{\"acrs\":{\"essential\":true,\"value\":\"c1\"}}}")));
    }

    @Test
    void whatCannotBeAnIdIsIgnoredNotRefused() throws Exception {
        assertEquals(List.of("c3"), RequestedContexts.ids(ClaimsRequestParser.parse(
                "{\"access_token\":{\"acrs\":{\"values\":[1,true,\"c 1\",\"c3\"]}}}")));
        assertEquals(List.of(), RequestedContexts.ids(ClaimsRequestParser.parse("{\"access_token\":{\"acrs\":null}}")));
        assertEquals(List.of(), RequestedContexts.ids(ClaimsRequestParser.parse("{\"id_token\":{\"acrs\":{\"value\":\"c1\"}}}")));
    }

    @Test
    void onlyContextsAPolicyOfTheAudienceListsAndTheRealmDefinesApply() throws Exception {
        RealmModel realm = mock(RealmModel.class);
        when(realm.getId()).thenReturn("realm-id");
        AuthenticationContext c1 = new AuthenticationContext("c1", null, null, List.of(), List.of("gold"), 300);
        AuthenticationContext c2 = new AuthenticationContext("c2", null, null, List.of(), List.of(), 60);
        when(realm.getComponentsStream("realm-id", RequirementKind.PROVIDER_TYPE)).thenAnswer(i -> Stream.of(
                RequirementKind.CONTEXT.toComponent(realm, "1", c1), RequirementKind.CONTEXT.toComponent(realm, "2", c2)));
        RequiredClaimsPolicy api = new RequiredClaimsPolicy("p", "orders-api", List.of(), List.of(), null, List.of(), PolicyMode.ADVERTISE,
                List.of("c2", "c1", "c9"));
        RequiredClaimsPolicy other = new RequiredClaimsPolicy("q", "other-api", List.of(), List.of(), null, List.of(), PolicyMode.ADVERTISE);

        assertEquals(List.of(c1, c2), RequestedContexts.applicable(realm, ClaimsRequestParser.parse(
                "{\"access_token\":{\"acrs\":{\"values\":[\"c1\",\"c9\",\"c2\",\"c7\"]}}}"), List.of(api)),
                "c9 is listed but not defined, c7 neither");
        assertEquals(List.of(), RequestedContexts.applicable(realm, ClaimsRequestParser.parse(
                "{\"access_token\":{\"acrs\":{\"values\":[\"c1\"]}}}"), List.of(other)), "not listed by the audience's policy");
    }
}

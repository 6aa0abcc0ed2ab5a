package dev.claimschallenge.keycloak.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.claimschallenge.engine.ClaimsRequest;
import dev.claimschallenge.keycloak.claims.ClaimsRequestParser;
import dev.claimschallenge.keycloak.policy.PolicyMode;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.oidc.mappers.HardcodedClaim;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The enricher over its sources, with Keycloak's real hardcoded-claim mapper and stubbed models:
 * what goes into the token (docs/claims-request.md, "What goes into the access token, and why")
 * and which mappers had to run for it.
 */
class AccessTokenClaimsEnricherTest {

    /** Keycloak's hardcoded-claim mapper, noting which claims it was run for. */
    static final class RecordingHardcodedClaim extends HardcodedClaim {
        final List<String> ran = new ArrayList<>();

        @Override
        protected void setClaim(IDToken token, ProtocolMapperModel model, UserSessionModel userSession) {
            ran.add(model.getConfig().get("claim.name"));
            super.setClaim(token, model, userSession);
        }
    }

    private final RecordingHardcodedClaim hardcoded = new RecordingHardcodedClaim();
    private final List<ProtocolMapperModel> scopeMappers = new ArrayList<>();
    private final List<ProtocolMapperModel> apiMappers = new ArrayList<>();
    private final Map<String, String> clientSessionNotes = new HashMap<>();
    private KeycloakSession session;
    private ClientSessionContext context;

    @BeforeEach
    void setUp() {
        RealmModel realm = mock(RealmModel.class);
        ClientModel client = mock(ClientModel.class);
        when(client.getClientId()).thenReturn("web");
        when(client.getProtocol()).thenReturn("openid-connect");
        ClientModel api = mock(ClientModel.class);
        when(api.getProtocolMappersStream()).thenAnswer(call -> apiMappers.stream());
        when(realm.getClientByClientId("orders-api")).thenReturn(api);
        UserModel user = mock(UserModel.class);
        when(user.getId()).thenReturn("user-1");
        UserSessionModel userSession = mock(UserSessionModel.class);
        when(userSession.getUser()).thenReturn(user);
        when(userSession.getNote(AuthenticationManager.AUTH_TIME)).thenReturn("1700000000");
        AuthenticatedClientSessionModel clientSession = mock(AuthenticatedClientSessionModel.class);
        when(clientSession.getRealm()).thenReturn(realm);
        when(clientSession.getClient()).thenReturn(client);
        when(clientSession.getUserSession()).thenReturn(userSession);
        when(clientSession.getNote(anyString())).thenAnswer(call -> clientSessionNotes.get(call.<String>getArgument(0)));
        context = mock(ClientSessionContext.class);
        when(context.getClientSession()).thenReturn(clientSession);
        when(context.getProtocolMappersStream()).thenAnswer(call -> scopeMappers.stream());
        KeycloakSessionFactory factory = mock(KeycloakSessionFactory.class);
        when(factory.getProviderFactory(eq(ProtocolMapper.class), eq(HardcodedClaim.PROVIDER_ID))).thenReturn(hardcoded);
        session = mock(KeycloakSession.class, org.mockito.Answers.RETURNS_DEEP_STUBS);
        when(session.getKeycloakSessionFactory()).thenReturn(factory);
        when(session.getContext().getClient()).thenReturn(client);
    }

    private static ProtocolMapperModel mapper(String claim, String value, boolean idToken, boolean userinfo, boolean accessToken) {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setName(claim);
        model.setProtocol("openid-connect");
        model.setProtocolMapper(HardcodedClaim.PROVIDER_ID);
        model.setConfig(new HashMap<>(Map.of("claim.name", claim, "claim.value", value, "jsonType.label", "String",
                "id.token.claim", String.valueOf(idToken), "userinfo.token.claim", String.valueOf(userinfo),
                "access.token.claim", String.valueOf(accessToken))));
        return model;
    }

    private AccessToken enrich(String claims, List<RequiredClaimsPolicy> policies) throws Exception {
        AccessToken token = new AccessToken();
        token.issuedFor("web");
        token.setScope("openid");
        new AccessTokenClaimsEnricher(session, policies).enrich(token, context, ClaimsRequestParser.parse(claims));
        return token;
    }

    @Test
    void addsWhatTheClientsScopesReleaseAndRunsOnlyTheMappersOfRequestedClaims() throws Exception {
        scopeMappers.add(mapper("c1", "v1", true, true, false));
        scopeMappers.add(mapper("c2", "v2", false, true, false)); // userinfo only still counts
        scopeMappers.add(mapper("other", "x", true, true, false));
        scopeMappers.add(mapper("address.street", "Main St", true, false, false));

        AccessToken token = enrich("{\"access_token\":{\"c1\":null,\"c2\":{\"essential\":true},\"address\":null}}", List.of());

        assertEquals("v1", token.getOtherClaims().get("c1"));
        assertEquals("v2", token.getOtherClaims().get("c2"));
        assertEquals(Map.of("street", "Main St"), token.getOtherClaims().get("address"));
        assertFalse(token.getOtherClaims().containsKey("other"));
        // the ID-token forms first; the userinfo forms only for c2, which the ID token did not get; 'other' never
        assertEquals(List.of("c1", "address.street", "c2"), hardcoded.ran);
    }

    @Test
    void aValueTheRequestDoesNotAcceptIsLeftOut() throws Exception {
        scopeMappers.add(mapper("c1", "v1", true, true, false));

        AccessToken token = enrich("{\"access_token\":{\"c1\":{\"value\":\"v9\"}}}", List.of());

        assertNull(token.getOtherClaims().get("c1"));
    }

    @Test
    void aClaimNoMapperOfTheClientReleasesIsLeftOut() throws Exception {
        scopeMappers.add(mapper("c1", "v1", false, false, true)); // access token only: not an entitlement

        AccessToken token = enrich("{\"access_token\":{\"c1\":null,\"unknown\":null}}", List.of());

        assertEquals(Map.of(), token.getOtherClaims());
    }

    @Test
    void reservedClaimsAndClaimsAlreadyInTheTokenAreNeverTouched() throws Exception {
        scopeMappers.add(mapper("scope", "admin", true, true, false));
        scopeMappers.add(mapper("email", "other@example.org", true, true, false));
        AccessToken token = new AccessToken();
        token.setScope("openid");
        token.setEmail("alice@example.org");

        new AccessTokenClaimsEnricher(session).enrich(token, context,
                ClaimsRequestParser.parse("{\"access_token\":{\"scope\":null,\"email\":null}}"));

        assertEquals("openid", token.getScope());
        assertEquals("alice@example.org", token.getEmail());
        assertFalse(token.getOtherClaims().containsKey("email"));
        assertEquals(List.of(), hardcoded.ran);
    }

    @Test
    void thePolicyClientsOwnMappersComputeWhatItsPolicyNamesAndTheClientsScopesLack() throws Exception {
        apiMappers.add(mapper("department", "research", false, false, true));
        apiMappers.add(mapper("c1", "from-api", true, false, true));
        scopeMappers.add(mapper("c1", "v1", true, true, false));
        RequiredClaimsPolicy policy = new RequiredClaimsPolicy(null, "orders-api", List.of(), List.of(), null,
                List.of("department", "c1"), PolicyMode.ADVERTISE);

        AccessToken token = enrich("{\"access_token\":{\"department\":null,\"c1\":null}}", List.of(policy));
        AccessToken withoutPolicy = enrich("{\"access_token\":{\"department\":null}}", List.of());

        assertEquals("research", token.getOtherClaims().get("department"));
        assertEquals("v1", token.getOtherClaims().get("c1"), "the client's own scopes come first");
        assertNull(withoutPolicy.getOtherClaims().get("department"));
    }

    @Test
    void laterRequestsOnlyGetWhatEarlierOnesDidNotAdd() throws Exception {
        scopeMappers.add(mapper("c1", "v1", true, true, false));
        ClaimsRequest first = ClaimsRequestParser.parse("{\"access_token\":{\"c1\":{\"value\":\"v9\"}}}");
        ClaimsRequest second = ClaimsRequestParser.parse("{\"access_token\":{\"c1\":null}}");
        AccessToken token = new AccessToken();

        new AccessTokenClaimsEnricher(session).enrich(token, context, first, second);

        assertEquals("v1", token.getOtherClaims().get("c1"));
    }

    @Test
    void clientCapabilitiesAreTheRealmsSpellingOfWhatTheRequestNames() throws Exception {
        AccessToken token = enrich("{\"access_token\":{\"xms_cc\":{\"values\":[\"CP1\",\"unknown\"]}}}", List.of());

        assertEquals(List.of("cp1"), token.getOtherClaims().get("xms_cc"));
    }

    @Test
    void authTimeComesFromTheSessionWhenRequestedOrWhenTheRequestHadMaxAge() throws Exception {
        AccessToken requested = enrich("{\"access_token\":{\"auth_time\":null}}", List.of());
        AccessToken plain = enrich("{\"access_token\":{}}", List.of());
        clientSessionNotes.put("max_age", "300");
        AccessToken withMaxAge = enrich("{\"access_token\":{}}", List.of());

        assertEquals(1_700_000_000L, requested.getOtherClaims().get("auth_time"));
        assertNull(plain.getOtherClaims().get("auth_time"));
        assertEquals(1_700_000_000L, withMaxAge.getOtherClaims().get("auth_time"));
    }

    @Test
    void theSourcesAreAskedInTheDocumentedOrder() {
        assertEquals(List.of(SessionAcrSource.class, AuthTimeSource.class, ClientCapabilitiesSource.class,
                ClientScopeMapperSource.class, PolicyClientMapperSource.class),
                AccessTokenClaimsEnricher.SOURCES.stream().map(Object::getClass).toList());
        assertEquals(Stream.of("acr", "auth_time", "xms_cc").toList(), Stream.of("acr", "auth_time", "xms_cc", "c1")
                .filter(name -> AccessTokenClaimsEnricher.SOURCES.stream().anyMatch(source -> source.owns(name))).toList());
    }
}

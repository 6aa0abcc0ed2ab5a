package dev.claimschallenge.keycloak.bench;

import dev.claimschallenge.engine.ClaimsRequest;
import dev.claimschallenge.engine.RequiredClaim;
import dev.claimschallenge.keycloak.claims.ClaimsRequestException;
import dev.claimschallenge.keycloak.claims.ClaimsRequestParser;
import dev.claimschallenge.keycloak.grant.GrantClaims;
import dev.claimschallenge.keycloak.policy.PolicyMode;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import dev.claimschallenge.keycloak.policy.RequirementKind;
import dev.claimschallenge.keycloak.token.AccessTokenClaimsEnricher;
import dev.claimschallenge.keycloak.token.GrantTokenEnrichment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.common.util.ConcurrentMultivaluedHashMap;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.oidc.encode.AccessTokenContext;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.protocol.oidc.mappers.AudienceProtocolMapper;
import org.keycloak.protocol.oidc.mappers.FullNameMapper;
import org.keycloak.protocol.oidc.mappers.HardcodedClaim;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.UserAttributeMapper;
import org.keycloak.protocol.oidc.mappers.UserPropertyMapper;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The extension's work for one token, over realistic inputs: a client whose scopes carry 20
 * protocol mappers (hardcoded claims, user attributes, user properties, full name, an audience
 * mapper), a grant that requested 5 of those claims, a realm with 5 required-claims policies (one
 * of the token's audience, in advertise mode). Keycloak's mappers and Jackson run for real; the session, realm, client and
 * user are small JDK-proxy fakes ({@link Fake}: each model call costs a map lookup, about
 * what Keycloak's cached models cost, never a database round trip). What it does not include: signing, encoding, the HTTP layer and
 * Keycloak's own token building, which the same-server benchmark measures end to end.
 */
@State(Scope.Benchmark)
public class EnrichmentBenchmark {

    static final String FIVE_CLAIMS = "{\"access_token\":{\"c1\":null,\"c4\":null,\"department\":null,"
            + "\"phone\":{\"essential\":true},\"name\":null}}";

    /**
     * The realm as the extension finds it: {@code keycloak-cached} is Keycloak's cached realm (the
     * extension keeps its read policies with it); {@code uncached} offers no such place, so every
     * token reads the components again, as every token did before the extension kept them.
     * Both copy the component map on every read, as Keycloak's cached realm does.
     */
    @Param({"keycloak-cached", "uncached"})
    public String realmKind;

    /** The protected {@code isUpdated()} of Keycloak's cached realm, public here so the fake can answer it. */
    public interface UpdatableRealm {
        boolean isUpdated();
    }

    KeycloakSession session;
    ClientSessionContext context;
    ClaimsRequest request;
    RefreshToken previousRefreshToken;

    @Setup(Level.Trial)
    public void setUp() throws ClaimsRequestException {
        Map<String, ProtocolMapper> types = new HashMap<>();
        for (ProtocolMapper type : List.of(new HardcodedClaim(), new UserAttributeMapper(), new UserPropertyMapper(),
                new FullNameMapper(), new AudienceProtocolMapper())) {
            types.put(type.getId(), type);
        }
        List<ProtocolMapperModel> mappers = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            mappers.add(mapper("c" + i, HardcodedClaim.PROVIDER_ID, Map.of(HardcodedClaim.CLAIM_VALUE, "v" + i)));
        }
        for (String attribute : List.of("department", "phone", "locale", "employee_id", "cost_center")) {
            mappers.add(mapper(attribute, UserAttributeMapper.PROVIDER_ID, Map.of("user.attribute", attribute)));
        }
        mappers.add(mapper("email", UserPropertyMapper.PROVIDER_ID, Map.of("user.attribute", "email")));
        mappers.add(mapper("given_name", UserPropertyMapper.PROVIDER_ID, Map.of("user.attribute", "firstName")));
        mappers.add(mapper("family_name", UserPropertyMapper.PROVIDER_ID, Map.of("user.attribute", "lastName")));
        mappers.add(mapper("name", FullNameMapper.PROVIDER_ID, Map.of()));
        ProtocolMapperModel audience = mapper("orders-api audience", AudienceProtocolMapper.PROVIDER_ID,
                Map.of(AudienceProtocolMapper.INCLUDED_CLIENT_AUDIENCE, "orders-api"));
        audience.getConfig().put(OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, "false");
        mappers.add(audience);
        List<ComponentModel> policies = List.of(policy("orders-api"), policy("shop-api"), policy("drive-api"),
                policy("records-api"), policy("payments-api"));

        // the realm's components as Keycloak's cached realm holds them (by parent and type): the 5
        // policies beside what every realm has (key providers, client-registration policies, user profile)
        MultivaluedHashMap<String, ComponentModel> byParentAndType = new MultivaluedHashMap<>();
        policies.forEach(policy -> byParentAndType.add("realm-id" + RequirementKind.PROVIDER_TYPE, policy));
        for (int i = 0; i < 4; i++) {
            byParentAndType.add("realm-idorg.keycloak.keys.KeyProvider", other("key-" + i));
        }
        for (int i = 0; i < 8; i++) {
            byParentAndType.add("realm-idorg.keycloak.services.clientregistration.policy.ClientRegistrationPolicy", other("registration-" + i));
        }
        byParentAndType.add("realm-idorg.keycloak.userprofile.UserProfileProvider", other("user-profile"));
        ConcurrentMultivaluedHashMap<String, ComponentModel> cachedComponents = new ConcurrentMultivaluedHashMap<>(byParentAndType);
        java.util.concurrent.ConcurrentHashMap<Object, Object> cachedWith = new java.util.concurrent.ConcurrentHashMap<>();
        Fake<RealmModel> realmFake = Fake.of(RealmModel.class)
                .returns("getId", "realm-id")
                .returns("getName", "bench")
                // what Keycloak's CachedRealm.getComponentsByParentAndType() does on every call: copy the map
                .answers("getComponentsStream", args -> args.length == 2
                        ? new ConcurrentMultivaluedHashMap<>(cachedComponents).getList(args[0] + (String) args[1]).stream()
                        : java.util.stream.Stream.empty())
                .answers("getCachedWith", args -> cachedWith)
                .returns("isUpdated", false);
        RealmModel realm = "keycloak-cached".equals(realmKind)
                ? realmFake.build(org.keycloak.models.cache.CachedRealmModel.class, UpdatableRealm.class) : realmFake.build();
        ClientModel client = Fake.of(ClientModel.class)
                .returns("getClientId", "web-app")
                .returns("getRealm", realm) // Keycloak's acr of the session reads the client's realm (ACR-to-LoA map)
                .returns("getProtocol", "openid-connect")
                .build();
        UserModel user = Fake.of(UserModel.class)
                .returns("getId", "user-id")
                .returns("getUsername", "alice")
                .returns("getEmail", "alice@example.org")
                .returns("getFirstName", "Alice")
                .returns("getLastName", "Liddell")
                .answers("getAttributeStream", args -> java.util.stream.Stream.of("value of " + args[0]))
                .build();
        UserSessionModel userSession = Fake.of(UserSessionModel.class)
                .returns("getUser", user)
                .returns("getStarted", 1_700_000_000)
                .returns("getRealm", realm)
                .build();
        AuthenticatedClientSessionModel clientSession = Fake.of(AuthenticatedClientSessionModel.class)
                .returns("getUserSession", userSession)
                .returns("getRealm", realm)
                .returns("getClient", client)
                .build();
        context = Fake.of(ClientSessionContext.class)
                .returns("getClientSession", clientSession)
                .answers("getProtocolMappersStream", args -> mappers.stream())
                .build();

        KeycloakSessionFactory factory = Fake.of(KeycloakSessionFactory.class)
                .answers("getProviderFactory", args -> args.length == 2 && args[0] == ProtocolMapper.class ? types.get((String) args[1]) : null)
                .build();
        HttpRequest http = Fake.of(HttpRequest.class)
                .returns("getDecodedFormParameters", new jakarta.ws.rs.core.MultivaluedHashMap<String, String>())
                .build();
        KeycloakContext keycloakContext = Fake.of(KeycloakContext.class)
                .returns("getHttpRequest", http)
                .returns("getClient", client)
                .returns("getRealm", realm)
                .build();
        AccessTokenContext regular = new AccessTokenContext(AccessTokenContext.SessionType.ONLINE,
                AccessTokenContext.TokenType.REGULAR, "refresh_token", "raw");
        TokenContextEncoderProvider encoder = Fake.of(TokenContextEncoderProvider.class)
                .returns("getTokenContextFromTokenId", regular)
                .build();
        session = Fake.of(KeycloakSession.class)
                .returns("getKeycloakSessionFactory", factory)
                .returns("getContext", keycloakContext)
                .answers("getProvider", args -> args.length == 1 && args[0] == TokenContextEncoderProvider.class ? encoder : null)
                .build();

        request = ClaimsRequestParser.parse(FIVE_CLAIMS);
        previousRefreshToken = refreshToken();
        previousRefreshToken.getOtherClaims().put(GrantClaims.SNAPSHOT_CLAIM, ClaimsRequestParser.write(request));
        // measure the real thing: the fakes must let every requested claim through
        for (AccessToken token : List.of(enrichFiveOfTwenty(), refreshWithFiveClaims())) {
            if (!token.getOtherClaims().keySet().containsAll(List.of("c1", "c4", "department", "phone", "name"))) {
                throw new IllegalStateException("the requested claims were not added: " + token.getOtherClaims());
            }
        }
    }

    /** Adding the 5 requested claims to a typical access token (the mappers run, the token is read). */
    @Benchmark
    public AccessToken enrichFiveOfTwenty() {
        AccessToken token = accessToken();
        new AccessTokenClaimsEnricher(session).enrich(token, context, request);
        return token;
    }

    /**
     * Everything the extension does on a refresh grant whose grant requested those 5 claims: read
     * the snapshot, find the policies, enrich, enforce, keep what introspection needs, write the
     * snapshot into the new refresh token.
     */
    @Benchmark
    public AccessToken refreshWithFiveClaims() {
        AccessToken token = accessToken();
        new GrantTokenEnrichment(session).apply(token, refreshToken(), previousRefreshToken, null, context);
        return token;
    }

    /** The same for a refresh grant that requested nothing: what every token pays. */
    @Benchmark
    public AccessToken refreshWithoutClaims() {
        AccessToken token = accessToken();
        new GrantTokenEnrichment(session).apply(token, refreshToken(), refreshToken(), null, context);
        return token;
    }

    /** What Keycloak's access token holds before the extension sees it: a dozen claims, some roles. */
    static AccessToken accessToken() {
        AccessToken token = new AccessToken();
        token.id("onrtac:0123456789abcdef");
        token.exp(4_000_000_000L);
        token.iat(1_700_000_000L);
        token.issuer("http://127.0.0.1:8080/realms/bench");
        token.subject("user-id");
        token.issuedFor("web-app");
        token.addAudience("orders-api");
        token.type("Bearer");
        token.setSessionId("session-id");
        token.setScope("openid profile email");
        token.setEmail("alice@example.org");
        token.setEmailVerified(true);
        token.setPreferredUsername("alice");
        token.setAllowedOrigins(java.util.Set.of("http://localhost:8081"));
        AccessToken.Access realmAccess = new AccessToken.Access();
        realmAccess.addRole("offline_access").addRole("uma_authorization").addRole("default-roles-bench");
        token.setRealmAccess(realmAccess);
        token.addAccess("account").addRole("manage-account").addRole("view-profile");
        return token;
    }

    static RefreshToken refreshToken() {
        return new RefreshToken(accessToken(), null, null);
    }

    static ProtocolMapperModel mapper(String claim, String type, Map<String, String> config) {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setId("id-" + claim);
        model.setName(claim);
        model.setProtocol("openid-connect");
        model.setProtocolMapper(type);
        Map<String, String> all = new HashMap<>(config);
        all.put(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME, claim);
        all.put(OIDCAttributeMapperHelper.JSON_TYPE, "String");
        all.put(OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, "true");
        all.put(OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO, "true");
        all.put(OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, "false");
        all.put(OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION, "false");
        model.setConfig(all);
        return model;
    }

    static ComponentModel policy(String clientId) {
        ComponentModel component = new ComponentModel();
        component.setId("policy-" + clientId);
        component.setName(clientId);
        component.setProviderId(RequirementKind.POLICY.providerId());
        component.setProviderType(RequirementKind.PROVIDER_TYPE);
        component.setParentId("realm-id");
        RequiredClaimsPolicy policy = new RequiredClaimsPolicy(null, clientId,
                List.of(RequiredClaim.named("email_verified", true), RequiredClaim.named("department")),
                List.of("gold"), 3600, List.of("phone"), PolicyMode.ADVERTISE);
        MultivaluedHashMap<String, String> config = RequirementKind.POLICY.toComponent(realmFor(), policy.id(), policy).getConfig();
        component.setConfig(config);
        return component;
    }

    static ComponentModel other(String id) {
        ComponentModel component = new ComponentModel();
        component.setId(id);
        component.setName(id);
        component.setProviderId(id);
        component.setParentId("realm-id");
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("priority", "100");
        component.setConfig(config);
        return component;
    }

    private static RealmModel realmFor() {
        return Fake.of(RealmModel.class).returns("getId", "realm-id").build();
    }
}

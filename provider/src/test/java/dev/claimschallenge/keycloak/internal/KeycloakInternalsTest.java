package dev.claimschallenge.keycloak.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.MultivaluedHashMap;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.keycloak.models.RealmModel;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.ProtocolMapperUtils;
import org.keycloak.protocol.oidc.mappers.AudienceProtocolMapper;
import org.keycloak.protocol.oidc.mappers.AudienceResolveProtocolMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.protocol.oidc.TokenManager.AccessTokenResponseBuilder;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.context.TokenIntrospectContext;

/**
 * Fails when a Keycloak upgrade moves an internal this extension relies on. If it fails, read
 * the Keycloak release's changes to the named class before anything else.
 */
class KeycloakInternalsTest {

    @Test
    void authorizationRequestClaimsCanBeReplaced() throws Exception {
        AuthorizationEndpointRequest request = newRequest();

        KeycloakInternals.setClaims(request, "{\"id_token\":{\"acr\":null}}");

        assertEquals("{\"id_token\":{\"acr\":null}}", request.getClaims(),
                "AuthorizationEndpointRequest.claims is no longer the field behind getClaims()");
    }

    @Test
    void authorizationRequestMaxAgeCanBeReplaced() throws Exception {
        AuthorizationEndpointRequest request = newRequest();

        KeycloakInternals.setMaxAge(request, 300);

        assertEquals(300, request.getMaxAge(), "AuthorizationEndpointRequest.maxAge is no longer the field behind getMaxAge()");
    }

    @Test
    void theNativeHooksAreFoundOnTheKeycloakWeBuildAgainst() {
        assertTrue(KeycloakInternals.hasNativeHooks(), "auth-endpoint-check or token-interceptor SPI missing: "
                + String.join(", ", KeycloakInternals.NATIVE_HOOKS));
        assertFalse(KeycloakInternals.classesExist("org.keycloak.NoSuchHook"));
    }

    @Test
    void theResponseBuildersClientSessionContextIsWhereTheExecutorReadsIt() {
        Field field = KeycloakInternals.field(AccessTokenResponseBuilder.class, KeycloakInternals.CLIENT_SESSION_CTX_FIELD);
        assertEquals(ClientSessionContext.class, field.getType(),
                "TokenManager.AccessTokenResponseBuilder.clientSessionCtx moved: the 26.5 client policy executor needs it");
    }

    @Test
    void theTokenIntrospectContextCarriesTheCallerAndTheParameters() {
        MultivaluedHashMap<String, String> params = new MultivaluedHashMap<>();
        params.putSingle("token", "t");

        ClientPolicyContext context = KeycloakInternals.tokenIntrospectContext(null, params);

        assertEquals(ClientPolicyEvent.TOKEN_INTROSPECT, context.getEvent());
        assertSame(params, ((TokenIntrospectContext) context).getParams(), "TokenIntrospectContext no longer keeps the form parameters");
        assertNotNull(KeycloakInternals.IntrospectContexts.WITH_CALLER,
                "TokenIntrospectContext(ClientModel, MultivaluedMap) is gone from the Keycloak we build against");
    }

    @Test
    void theAudienceMappersRunInIntrospectionFormFromTheSortedMappersOfAClientSession() throws Exception {
        for (Class<?> mapper : List.of(AudienceProtocolMapper.class, AudienceResolveProtocolMapper.class)) {
            assertTrue(TokenIntrospectionTokenMapper.class.isAssignableFrom(mapper),
                    mapper.getName() + " no longer has an introspection form: SessionAudience cannot compute a lightweight token's audience");
        }
        assertEquals(List.of(AudienceProtocolMapper.PROVIDER_ID, AudienceResolveProtocolMapper.PROVIDER_ID),
                SessionAudience.AUDIENCE_MAPPERS);
        assertEquals(Stream.class, ProtocolMapperUtils.class.getMethod("getSortedProtocolMappers", KeycloakSession.class,
                ClientSessionContext.class, Predicate.class).getReturnType(), "ProtocolMapperUtils.getSortedProtocolMappers moved");
        assertTrue(new AudienceProtocolMapper().getConfigProperties().stream()
                        .anyMatch(property -> "included.custom.audience".equals(property.getName())),
                "AudienceProtocolMapper's custom audience setting was renamed: ApplicablePolicies reads it by name");
    }

    @Test
    void theSessionsAuthenticationIsReadThroughKeycloaksOwnHelpers() throws Exception {
        assertEquals(String.class, org.keycloak.protocol.oidc.mappers.AcrProtocolMapper.class
                        .getDeclaredMethod("getAcr", org.keycloak.models.AuthenticatedClientSessionModel.class).getReturnType(),
                "AcrProtocolMapper.getAcr(AuthenticatedClientSessionModel) moved: SessionAuthentication.acr cannot report the session's acr");
        assertEquals(int.class, org.keycloak.authentication.authenticators.util.LoAUtil.class
                        .getMethod("getCurrentLevelOfAuthentication", org.keycloak.models.AuthenticatedClientSessionModel.class).getReturnType(),
                "LoAUtil.getCurrentLevelOfAuthentication moved");
        assertEquals(java.util.Map.class, org.keycloak.protocol.oidc.utils.AcrUtils.class
                .getMethod("getAcrLoaMap", org.keycloak.models.ClientModel.class).getReturnType(), "AcrUtils.getAcrLoaMap moved");
        assertEquals(java.util.Map.class, org.keycloak.protocol.oidc.utils.AcrUtils.class
                .getMethod("getAcrLoaMap", org.keycloak.models.RealmModel.class).getReturnType(), "AcrUtils.getAcrLoaMap(realm) moved");
        assertEquals(List.class, org.keycloak.protocol.oidc.utils.AcrUtils.class
                .getMethod("enforceMinimumAcr", List.class, org.keycloak.models.ClientModel.class).getReturnType(), "AcrUtils.enforceMinimumAcr moved");
        assertEquals("AUTH_TIME", org.keycloak.services.managers.AuthenticationManager.AUTH_TIME,
                "the user-session note of the last active authentication was renamed");
        // SessionAuthentication.effectiveLevel repeats AcrProtocolMapper.getAcr's rule for a flow without level conditions
        assertEquals(boolean.class, org.keycloak.services.managers.AuthenticationManager.class
                        .getMethod("isSSOAuthentication", org.keycloak.models.AuthenticatedClientSessionModel.class).getReturnType(),
                "AuthenticationManager.isSSOAuthentication(clientSession) moved: SessionAuthentication.effectiveLevel cannot tell SSO");
        assertEquals(0, org.keycloak.models.Constants.MINIMUM_LOA, "Keycloak's lowest level of authentication changed");
    }

    @Test
    void theIntrospectionProviderKeepsWhatIntrospectionChecksAndClaimsAwareIntrospectionUse() throws Exception {
        Class<?> provider = org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider.class;
        java.lang.reflect.Method transform = provider.getMethod("transformAccessToken", org.keycloak.representations.AccessToken.class,
                org.keycloak.models.UserSessionModel.class);
        assertFalse(java.lang.reflect.Modifier.isFinal(transform.getModifiers()),
                "AccessTokenIntrospectionProvider.transformAccessToken became final: ClaimsAwareIntrospection cannot add requested claims");
        for (String method : List.of("introspectionChecks", "verifyToken")) {
            java.lang.reflect.Method m = provider.getDeclaredMethod(method, String.class);
            assertEquals(boolean.class, m.getReturnType(), "AccessTokenIntrospectionProvider." + method + " changed");
            assertTrue(java.lang.reflect.Modifier.isProtected(m.getModifiers()), "AccessTokenIntrospectionProvider." + method + " is no longer protected");
        }
        for (String field : List.of("session", "realm", "eventBuilder", "token", "userSession", "client")) {
            Field f = provider.getDeclaredField(field);
            assertTrue(java.lang.reflect.Modifier.isProtected(f.getModifiers()),
                    "AccessTokenIntrospectionProvider." + field + " is no longer protected: IntrospectionChecks reads it");
        }
        assertFalse(java.lang.reflect.Modifier.isFinal(provider.getDeclaredField("eventBuilder").getModifiers()),
                "AccessTokenIntrospectionProvider.eventBuilder became final: IntrospectionChecks sets it");
    }

    @Test
    void theClientSessionsMappersAndContextAreBuiltAsKeycloakBuildsThem() throws Exception {
        assertTrue(ClientSessionContext.class.isAssignableFrom(org.keycloak.services.util.DefaultClientSessionContext.class
                .getMethod("fromClientSessionAndScopeParameter", org.keycloak.models.AuthenticatedClientSessionModel.class, String.class,
                        KeycloakSession.class).getReturnType()), "DefaultClientSessionContext.fromClientSessionAndScopeParameter moved");
    }

    @Test
    void theOidcEndpointsLendClientAuthenticationAndTheAuthorizationUrl() throws Exception {
        Class<?> result = org.keycloak.protocol.oidc.utils.AuthorizeClientUtil.class.getMethod("authorizeClient", KeycloakSession.class,
                org.keycloak.events.EventBuilder.class, org.keycloak.services.cors.Cors.class).getReturnType();
        assertEquals(org.keycloak.models.ClientModel.class, result.getMethod("getClient").getReturnType(), "AuthorizeClientUtil.authorizeClient changed");
        assertEquals(jakarta.ws.rs.core.UriBuilder.class, org.keycloak.protocol.oidc.OIDCLoginProtocolService.class
                .getMethod("authUrl", jakarta.ws.rs.core.UriBuilder.class).getReturnType(), "OIDCLoginProtocolService.authUrl moved");
    }

    @Test
    void aTokensKindIsReadFromItsId() throws Exception {
        assertEquals(org.keycloak.protocol.oidc.encode.AccessTokenContext.class, org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider.class
                .getMethod("getTokenContextFromTokenId", String.class).getReturnType(), "TokenContextEncoderProvider changed: LightweightTokens cannot tell");
        assertNotNull(org.keycloak.protocol.oidc.encode.AccessTokenContext.TokenType.valueOf("REGULAR"));
    }

    @Test
    void theCachedRealmKeepsValuesWithItAndSaysWhenItIsBeingChanged() throws Exception {
        // model-infinispan is no compile dependency: load Keycloak's cached realm from the distribution the ITs run
        String distZip = System.getProperty("keycloak.dist.zip");
        assertNotNull(distZip, "keycloak.dist.zip is not set (provider/pom.xml sets it for surefire)");
        Path dist = Path.of(distZip);
        assertTrue(Files.isRegularFile(dist), dist + " is missing");
        Path dir = Files.createTempDirectory("kc-lib");
        List<URL> jars = new java.util.ArrayList<>();
        try (ZipFile zip = new ZipFile(dist.toFile())) {
            for (String module : List.of("keycloak-model-infinispan", "keycloak-model-storage-private", "keycloak-model-storage")) {
                ZipEntry entry = zip.stream().filter(e -> e.getName().matches(".*/lib/lib/main/org\\.keycloak\\." + module + "-\\d.*\\.jar")).findFirst()
                        .orElseThrow(() -> new AssertionError(module + " is not in " + dist));
                Path jar = dir.resolve(module + ".jar");
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, jar);
                }
                jars.add(jar.toUri().toURL());
            }
        }
        try (URLClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), getClass().getClassLoader())) {
            Class<?> cachedRealm = Class.forName("org.keycloak.models.cache.infinispan.RealmAdapter", false, loader);

            RealmCache.Access access = RealmCache.access(cachedRealm);

            assertNotNull(access, "Keycloak's cached realm no longer implements " + RealmCache.CACHED_REALM_MODEL + " with "
                    + RealmCache.CACHED_WITH + "() and " + RealmCache.IS_UPDATED + "(): PolicySnapshot cannot keep its snapshot with it");
            assertEquals(java.util.concurrent.ConcurrentHashMap.class, cachedRealm.getMethod(RealmCache.CACHED_WITH).getReturnType());
            assertFalse(RealmCache.supports(RealmModel.class), "a realm that is not Keycloak's cached one is read afresh");
        }
    }

    private static AuthorizationEndpointRequest newRequest() throws Exception {
        var constructor = AuthorizationEndpointRequest.class.getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }
}

package dev.claimschallenge.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.when;

import dev.claimschallenge.engine.RequiredClaim;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.protocol.oidc.mappers.AudienceResolveProtocolMapper;
import org.mockito.MockedStatic;

/**
 * Issue 22, finding 7: an authorization request reads the realm's policies from the snapshot that
 * token requests use, kept with Keycloak's cached realm: parsed once per version of the realm,
 * not once per request. Counts parses and reads of the components, never time.
 */
class AuthorizationPoliciesTest {

    private static final int POLICIES = 30;

    /** Keycloak's {@code CachedRealmModel}, loaded from the distribution the ITs run (no compile dependency). */
    private static URLClassLoader keycloakModels;
    private static Class<?> cachedRealmModel;

    /** The protected {@code isUpdated()} of Keycloak's cached realm, public here so that the fake can answer it. */
    public interface UpdatableRealm {
        boolean isUpdated();
    }

    @BeforeAll
    static void loadCachedRealmModel() throws Exception {
        String distZip = System.getProperty("keycloak.dist.zip");
        assertNotNull(distZip, "keycloak.dist.zip is not set (provider/pom.xml sets it for surefire)");
        Path dir = Files.createTempDirectory("kc-lib");
        List<URL> jars = new ArrayList<>();
        try (ZipFile zip = new ZipFile(distZip)) {
            for (String module : List.of("keycloak-model-storage-private", "keycloak-model-storage")) {
                ZipEntry entry = zip.stream().filter(e -> e.getName().matches(".*/lib/lib/main/org\\.keycloak\\." + module + "-\\d.*\\.jar"))
                        .findFirst().orElseThrow(() -> new AssertionError(module + " is not in " + distZip));
                Path jar = dir.resolve(module + ".jar");
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, jar);
                }
                jars.add(jar.toUri().toURL());
            }
        }
        keycloakModels = new URLClassLoader(jars.toArray(URL[]::new), AuthorizationPoliciesTest.class.getClassLoader());
        cachedRealmModel = Class.forName("org.keycloak.models.cache.CachedRealmModel", false, keycloakModels);
    }

    @AfterAll
    static void close() throws Exception {
        keycloakModels.close();
    }

    @Test
    void eachPolicyIsParsedOncePerRealmVersionWhateverTheNumberOfRequests() {
        ParsedPolicies.clear();
        String run = "r" + System.nanoTime(); // contents no other test has read
        List<ComponentModel> components = IntStream.range(0, POLICIES).mapToObj(i -> policy(run, i)).toList();
        ClientModel app = appWithRolesScope();
        AtomicInteger componentReads = new AtomicInteger();

        try (MockedStatic<RequirementStore> parses = mockStatic(RequirementStore.class, CALLS_REAL_METHODS)) {
            RealmModel version1 = cachedRealm(components, componentReads);
            for (int request = 0; request < 20; request++) {
                List<RequiredClaimsPolicy> governing = ApplicablePolicies.forAuthorization(version1, app, "openid");
                assertEquals(POLICIES, governing.size(), "every policy client is in the predicted audience (audience-resolve)");
            }
            assertEquals(1, componentReads.get(), "one read of the policy components for 20 authorization requests");
            assertParses(parses, POLICIES, "each policy parsed once for 20 authorization requests");

            // an admin edit: Keycloak drops its cached realm, the next request sees a new version
            components.get(0).getConfig().putSingle("mode", "advertise");
            RealmModel version2 = cachedRealm(components, componentReads);
            for (int request = 0; request < 20; request++) {
                ApplicablePolicies.forAuthorization(version2, app, "openid");
            }
            assertEquals(2, componentReads.get(), "one more read for the new version of the realm");
            assertParses(parses, POLICIES + 1, "only the edited policy is parsed again");
            assertTrue(ApplicablePolicies.forAuthorization(version2, app, "openid").stream()
                    .anyMatch(policy -> policy.mode() == PolicyMode.ADVERTISE), "and the edit governs");
        }
    }

    /** Fails unless {@link RequirementStore#readOrSkip} read a policy exactly {@code times} times so far. */
    private static void assertParses(MockedStatic<RequirementStore> parses, int times, String message) {
        try {
            parses.verify(() -> RequirementStore.readOrSkip(org.mockito.ArgumentMatchers.eq(RequirementKind.POLICY), any()), org.mockito.Mockito.times(times));
        } catch (AssertionError e) {
            throw new AssertionError(message + ": " + e.getMessage(), e);
        }
    }

    private static ComponentModel policy(String run, int i) {
        RealmModel realm = mock(RealmModel.class);
        when(realm.getId()).thenReturn("realm-1");
        List<RequiredClaim> claims = IntStream.range(0, 8).mapToObj(c -> RequiredClaim.named("claim_" + c, "v" + c)).toList();
        ComponentModel component = RequirementKind.POLICY.toComponent(realm, null,
                new RequiredClaimsPolicy(run + "-" + i, "api-" + i, claims, List.of(), null, List.of(), PolicyMode.SATISFY));
        component.setId(run + "-" + i);
        return component;
    }

    /** An app whose default scope has Keycloak's audience-resolve mapper (the built-in {@code roles} scope has one). */
    private static ClientModel appWithRolesScope() {
        ProtocolMapperModel audienceResolve = new ProtocolMapperModel();
        audienceResolve.setProtocolMapper(AudienceResolveProtocolMapper.PROVIDER_ID);
        audienceResolve.setConfig(Map.of());
        ClientScopeModel roles = mock(ClientScopeModel.class);
        when(roles.getProtocolMappersStream()).thenAnswer(call -> Stream.of(audienceResolve));
        ClientModel app = mock(ClientModel.class);
        when(app.getClientId()).thenReturn("app");
        when(app.getClientScopes(true)).thenReturn(Map.of("roles", roles));
        when(app.getClientScopes(false)).thenReturn(Map.of());
        when(app.getProtocolMappersStream()).thenAnswer(call -> Stream.empty());
        when(app.isFullScopeAllowed()).thenReturn(true);
        return app;
    }

    /** A realm as Keycloak's realm cache holds one version of it: its own map of values cached with it. */
    private static RealmModel cachedRealm(List<ComponentModel> components, AtomicInteger componentReads) {
        ConcurrentHashMap<Object, Object> cachedWith = new ConcurrentHashMap<>();
        Map<String, ClientModel> clients = new ConcurrentHashMap<>();
        return (RealmModel) Proxy.newProxyInstance(keycloakModels, new Class<?>[] {RealmModel.class, cachedRealmModel, UpdatableRealm.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> "realm-1";
                    case "getCachedWith" -> cachedWith;
                    case "isUpdated" -> false;
                    case "getComponentsStream" -> {
                        componentReads.incrementAndGet();
                        yield components.stream().filter(c -> args != null && args.length == 2 && c.getProviderType().equals(args[1]));
                    }
                    case "getClientByClientId" -> clients.computeIfAbsent((String) args[0], AuthorizationPoliciesTest::apiClient);
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "cached realm";
                    default -> method.getReturnType() == boolean.class ? false : method.getReturnType() == Stream.class ? Stream.empty() : null;
                });
    }

    private static ClientModel apiClient(String clientId) {
        RoleModel role = mock(RoleModel.class);
        ClientModel api = mock(ClientModel.class);
        when(api.getClientId()).thenReturn(clientId);
        when(api.getRolesStream()).thenAnswer(call -> Stream.of(role));
        return api;
    }
}

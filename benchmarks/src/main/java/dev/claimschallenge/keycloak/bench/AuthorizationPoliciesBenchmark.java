package dev.claimschallenge.keycloak.bench;

import dev.claimschallenge.engine.RequiredClaim;
import dev.claimschallenge.keycloak.policy.ApplicablePolicies;
import dev.claimschallenge.keycloak.policy.PolicyMode;
import dev.claimschallenge.keycloak.policy.RequiredClaimsPolicy;
import dev.claimschallenge.keycloak.policy.RequirementKind;
import dev.claimschallenge.keycloak.policy.RequirementStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.protocol.oidc.mappers.AudienceResolveProtocolMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Issue 22, finding 7: the extension's policy work for one authorization request (the policies of
 * the predicted audience, {@link ApplicablePolicies#forAuthorization}) in a realm of
 * {@code policies} policies of 64 claims each, for an app whose default {@code roles} scope has
 * Keycloak's audience-resolve mapper (as every new client's has). {@code parseEveryPolicy} is what
 * each such request added before (every policy parsed again, {@link RequirementStore#list()}); read the
 * ratio of the two, not the times.
 */
@State(Scope.Benchmark)
public class AuthorizationPoliciesBenchmark {

    @Param({"300"})
    public int policies;

    RealmModel realm;
    ClientModel app;

    @Setup(Level.Trial)
    public void setUp() {
        List<ComponentModel> components = new ArrayList<>();
        Map<String, ClientModel> clients = new HashMap<>();
        RoleModel role = Fake.of(RoleModel.class).returns("getName", "reader").build();
        for (int i = 0; i < policies; i++) {
            String clientId = "api-" + i;
            List<RequiredClaim> claims = IntStream.range(0, 64).mapToObj(c -> RequiredClaim.named("claim_" + c, "value-" + c)).toList();
            ComponentModel component = RequirementKind.POLICY.toComponent(Fake.of(RealmModel.class).returns("getId", "realm-id").build(), null,
                    new RequiredClaimsPolicy(null, clientId, claims, List.of(), null, List.of(), PolicyMode.ADVERTISE));
            component.setId("policy-" + i);
            component.setParentId("realm-id");
            components.add(component);
            // an API without a role the app may carry: the audience-resolve prediction leaves it out
            clients.put(clientId, Fake.of(ClientModel.class).returns("getClientId", clientId)
                    .answers("getRolesStream", args -> Stream.of(role)).build());
        }
        java.util.concurrent.ConcurrentHashMap<Object, Object> cachedWith = new java.util.concurrent.ConcurrentHashMap<>();
        realm = Fake.of(RealmModel.class)
                .returns("getId", "realm-id")
                .answers("getComponentsStream", args -> args.length == 2 && RequirementKind.PROVIDER_TYPE.equals(args[1])
                        ? new ArrayList<>(components).stream() : Stream.empty())
                .answers("getClientByClientId", args -> clients.get((String) args[0]))
                .answers("getCachedWith", args -> cachedWith)
                .returns("isUpdated", false)
                .build(org.keycloak.models.cache.CachedRealmModel.class, EnrichmentBenchmark.UpdatableRealm.class);

        ProtocolMapperModel audienceResolve = new ProtocolMapperModel();
        audienceResolve.setProtocolMapper(AudienceResolveProtocolMapper.PROVIDER_ID);
        audienceResolve.setConfig(Map.of());
        ClientScopeModel roles = Fake.of(ClientScopeModel.class)
                .answers("getProtocolMappersStream", args -> Stream.of(audienceResolve)).build();
        app = Fake.of(ClientModel.class)
                .returns("getClientId", "web-app")
                .answers("getClientScopes", args -> Boolean.TRUE.equals(args[0]) ? Map.of("roles", roles) : Map.of())
                .answers("getProtocolMappersStream", args -> Stream.empty())
                .build();
    }

    @Benchmark
    public Object authorizationPolicies() {
        return ApplicablePolicies.forAuthorization(realm, app, "openid");
    }

    /** What every authorization request added before the fix: each policy of the realm parsed again. */
    @Benchmark
    public Object parseEveryPolicy() {
        return RequirementStore.of(RequirementKind.POLICY, realm).list();
    }
}

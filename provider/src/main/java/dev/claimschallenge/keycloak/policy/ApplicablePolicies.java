package dev.claimschallenge.keycloak.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.mappers.AudienceProtocolMapper;
import org.keycloak.representations.AccessToken;

/** Which policies govern a token: those of the client it is issued to and of every client in its {@code aud}. */
public final class ApplicablePolicies {

    private ApplicablePolicies() {
    }

    public static List<RequiredClaimsPolicy> forToken(RealmModel realm, AccessToken token) {
        Set<String> clients = new LinkedHashSet<>();
        if (token.getIssuedFor() != null) {
            clients.add(token.getIssuedFor());
        }
        if (token.getAudience() != null) {
            clients.addAll(List.of(token.getAudience()));
        }
        return new PolicyStore(realm).forClients(clients);
    }

    /**
     * Before login, the audience is not known yet: take the client itself and the clients its
     * audience mappers (its own and those of its default client scopes) name. Used to step up
     * at the authorization endpoint, so that the first token already passes.
     */
    public static List<RequiredClaimsPolicy> forAuthorization(RealmModel realm, ClientModel client) {
        Set<String> clients = new LinkedHashSet<>();
        clients.add(client.getClientId());
        Stream.concat(client.getProtocolMappersStream(),
                        client.getClientScopes(true).values().stream().flatMap(scope -> scope.getProtocolMappersStream()))
                .filter(mapper -> AudienceProtocolMapper.PROVIDER_ID.equals(mapper.getProtocolMapper()))
                .map(ProtocolMapperModel::getConfig)
                .map(config -> config.get(AudienceProtocolMapper.INCLUDED_CLIENT_AUDIENCE))
                .filter(audience -> audience != null && !audience.isBlank())
                .forEach(clients::add);
        return new PolicyStore(realm).forClients(clients);
    }
}

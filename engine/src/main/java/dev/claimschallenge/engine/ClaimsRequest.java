package dev.claimschallenge.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A parsed OIDC {@code claims} request parameter: the {@code id_token} and {@code userinfo}
 * members Keycloak understands, and the {@code access_token} member this extension adds.
 * Members are kept in request order.
 */
public final class ClaimsRequest {

    public static final String ACCESS_TOKEN = "access_token";
    public static final String ID_TOKEN = "id_token";
    public static final String USERINFO = "userinfo";
    public static final String ACR = ClaimNames.ACR;

    private static final ClaimsRequest EMPTY = new ClaimsRequest(Map.of(), Map.of(), Map.of(), false);

    private final Map<String, RequestedClaim> accessToken;
    private final Map<String, RequestedClaim> idToken;
    private final Map<String, RequestedClaim> userinfo;
    private final boolean foreignMembers;

    private ClaimsRequest(Map<String, RequestedClaim> accessToken, Map<String, RequestedClaim> idToken,
            Map<String, RequestedClaim> userinfo) {
        this(accessToken, idToken, userinfo, false);
    }

    /**
     * A request as a parser read it: its three members in request order, and whether the
     * parameter had an {@code access_token} member ({@link #hadForeignMembers}).
     */
    public static ClaimsRequest of(Map<String, RequestedClaim> accessToken, Map<String, RequestedClaim> idToken,
            Map<String, RequestedClaim> userinfo, boolean hadAccessTokenMember) {
        return new ClaimsRequest(accessToken, idToken, userinfo, hadAccessTokenMember);
    }

    private ClaimsRequest(Map<String, RequestedClaim> accessToken, Map<String, RequestedClaim> idToken,
            Map<String, RequestedClaim> userinfo, boolean foreignMembers) {
        this.accessToken = Collections.unmodifiableMap(new LinkedHashMap<>(accessToken));
        this.idToken = Collections.unmodifiableMap(new LinkedHashMap<>(idToken));
        this.userinfo = Collections.unmodifiableMap(new LinkedHashMap<>(userinfo));
        this.foreignMembers = foreignMembers;
    }

    /**
     * Whether the parameter as sent had an {@code access_token} member (even empty or null).
     * Keycloak rejects such a value as a whole, so it must only ever see the provider's rewrite
     * of it ({@code ClaimsRequestParser.forKeycloak}, without that member). A value without one is Keycloak's alone: it gets it
     * exactly as sent (unknown members included), as stock Keycloak would.
     */
    public boolean hadForeignMembers() {
        return foreignMembers;
    }

    public static ClaimsRequest empty() {
        return EMPTY;
    }

    /** A request with only an {@code access_token} member. */
    public static ClaimsRequest ofAccessTokenClaims(Map<String, RequestedClaim> claims) {
        return new ClaimsRequest(claims, Map.of(), Map.of());
    }

    /** Claims requested for the access token, by claim name. */
    public Map<String, RequestedClaim> accessToken() {
        return accessToken;
    }

    public Map<String, RequestedClaim> idToken() {
        return idToken;
    }

    public Map<String, RequestedClaim> userinfo() {
        return userinfo;
    }

    public boolean hasAccessTokenClaims() {
        return !accessToken.isEmpty();
    }

    /** An essential {@code access_token.acr} with acceptable values: a step-up demand. */
    public Optional<RequestedClaim> essentialAccessTokenAcr() {
        return Optional.ofNullable(accessToken.get(ACR)).filter(c -> c.essential() && c.hasAcceptableValues());
    }

    /** The same request without its {@code access_token} member. */
    public ClaimsRequest withoutAccessToken() {
        return new ClaimsRequest(Map.of(), idToken, userinfo);
    }

    /** Only the {@code access_token} member. */
    public ClaimsRequest accessTokenOnly() {
        return new ClaimsRequest(accessToken, Map.of(), Map.of());
    }

    /**
     * The request Keycloak itself should see: {@code id_token} and {@code userinfo} unchanged, and
     * an essential {@code access_token.acr} copied to {@code id_token.acr} when the client did not
     * ask for one there, so that Keycloak's own step-up (ACR-to-LoA mapping, "Condition - Level
     * of Authentication") handles it exactly like an {@code id_token.acr} request. The copy's
     * values are strings: Keycloak reads acr values as strings and answers 500 to a number
     * ({@code "value": 2}).
     */
    public ClaimsRequest forKeycloak() {
        Map<String, RequestedClaim> ids = new LinkedHashMap<>(idToken);
        essentialAccessTokenAcr().ifPresent(acr -> ids.putIfAbsent(ACR, new RequestedClaim(ACR, true,
                acr.acceptableValues().stream().<Object>map(String::valueOf).toList())));
        return new ClaimsRequest(Map.of(), ids, userinfo);
    }

    /**
     * This request with {@code newer}'s access-token claims added; a claim in both takes
     * {@code newer}'s. It had an {@code access_token} member ({@link #hadForeignMembers}) when
     * either did.
     */
    public ClaimsRequest withAccessTokenClaimsOf(ClaimsRequest newer) {
        boolean hadAccessToken = foreignMembers || newer.foreignMembers;
        // every token under a request or policy merges a few of these, mostly with an empty side: no copy then
        if (newer.accessToken.isEmpty() && hadAccessToken == foreignMembers) {
            return this;
        }
        if (accessToken.isEmpty() && idToken.isEmpty() && userinfo.isEmpty()
                && newer.idToken.isEmpty() && newer.userinfo.isEmpty() && hadAccessToken == newer.foreignMembers) {
            return newer;
        }
        Map<String, RequestedClaim> merged = new LinkedHashMap<>(accessToken);
        merged.putAll(newer.accessToken);
        return new ClaimsRequest(merged, idToken, userinfo, hadAccessToken);
    }

    /** Whether any member asks for acr as essential (then the client decides the level itself). */
    public boolean hasEssentialAcr() {
        return Stream.of(accessToken, idToken).map(m -> m.get(ACR)).anyMatch(c -> c != null && c.essential());
    }

    /** This request with an essential {@code id_token.acr} of {@code values}, for Keycloak's step-up. */
    public ClaimsRequest withEssentialIdTokenAcr(List<String> values) {
        Map<String, RequestedClaim> ids = new LinkedHashMap<>(idToken);
        ids.put(ACR, new RequestedClaim(ACR, true, List.copyOf(values)));
        return new ClaimsRequest(accessToken, ids, userinfo, foreignMembers);
    }

    public boolean isEmpty() {
        return accessToken.isEmpty() && idToken.isEmpty() && userinfo.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClaimsRequest other && accessToken.equals(other.accessToken)
                && idToken.equals(other.idToken) && userinfo.equals(other.userinfo);
    }

    @Override
    public int hashCode() {
        return accessToken.hashCode() * 31 + idToken.hashCode() * 7 + userinfo.hashCode();
    }

    @Override
    public String toString() {
        return ClaimsRequestJson.write(this);
    }
}

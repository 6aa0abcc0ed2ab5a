package dev.claimschallenge.keycloak.grant;

import dev.claimschallenge.engine.ClaimsRequest;
import dev.claimschallenge.keycloak.BoundedCache;
import dev.claimschallenge.keycloak.claims.ClaimsRequestException;
import dev.claimschallenge.keycloak.claims.ClaimsRequestParser;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;

/**
 * What a grant asked for with {@code claims.access_token}, wherever it waits between requests:
 * <ul>
 * <li>from the authorization request to the code's redemption, in a client-session note keyed by
 * the request's nonce and PKCE challenge, in one of a few slots ({@link AccessTokenClaimsNote});</li>
 * <li>from one refresh to the next, in the refresh token ({@value #SNAPSHOT_CLAIM});</li>
 * <li>from issue to introspection of a lightweight access token, in the single-use store, only
 * what Keycloak granted ({@link IssuedTokenClaims}).</li>
 * </ul>
 * Only this package writes or reads those places; everything it reads back it wrote after
 * validation, so an unreadable value means tampering or a bug and counts as no request.
 */
public final class GrantClaims {

    /** Refresh-token claim holding the grant's access-token claims request (minified JSON). */
    public static final String SNAPSHOT_CLAIM = "claims_challenge";

    private static final Logger LOG = Logger.getLogger(GrantClaims.class);

    private GrantClaims() {
    }

    // --- authorization request -> code ---------------------------------------------------------

    /** Drops additional request parameters a client sent under the names this package writes: only it may write them. */
    public static void dropSentAsParameters(Map<String, String> additionalParams) {
        additionalParams.keySet().removeIf(name -> name.startsWith(AccessTokenClaimsNote.PARAM_PREFIX));
    }

    /**
     * Whether an authorization request can be told apart from others of the same client in the same
     * browser (a nonce or a PKCE challenge): only then can its request be kept for its code alone.
     */
    public static boolean canKeepForCode(String nonce, String codeChallenge) {
        return AccessTokenClaimsNote.canKey(nonce, codeChallenge);
    }

    /**
     * Keeps {@code request} (its {@code access_token} member) for the code of the authorization
     * request with this nonce and PKCE challenge, as an additional request parameter Keycloak copies
     * to the client session.
     *
     * @throws IllegalArgumentException without nonce and challenge ({@link #canKeepForCode})
     */
    public static void keepForCode(Map<String, String> additionalParams, String nonce, String codeChallenge, ClaimsRequest request) {
        if (!canKeepForCode(nonce, codeChallenge)) {
            throw new IllegalArgumentException("an authorization request without nonce and PKCE challenge cannot be told apart");
        }
        AccessTokenClaimsNote.Pending pending = new AccessTokenClaimsNote.Pending(AccessTokenClaimsNote.key(nonce, codeChallenge),
                Time.currentTime(), ClaimsRequestParser.write(request.accessTokenOnly()));
        additionalParams.put(AccessTokenClaimsNote.paramName(nonce, codeChallenge), pending.value());
    }

    /** The request the code with this nonce and PKCE challenge was issued for, read from its client session. */
    public static ClaimsRequest forCode(AuthenticatedClientSessionModel clientSession, String nonce, String codeChallenge) {
        return AccessTokenClaimsNote.read(clientSession, nonce, codeChallenge)
                .map(raw -> parse(raw, "authorization request"))
                .orElse(ClaimsRequest.empty());
    }

    // --- refresh token -> refresh token --------------------------------------------------------

    /** The request snapshotted into a refresh token Keycloak verified; empty for none. */
    public static ClaimsRequest fromRefreshToken(RefreshToken refreshToken) {
        return refreshToken != null && refreshToken.getOtherClaims().get(SNAPSHOT_CLAIM) instanceof String raw
                ? SNAPSHOTS.read(raw) : ClaimsRequest.empty();
    }

    /**
     * The grant's request after a refresh grant whose {@code claims} parameter adds {@code added}
     * to {@code snapshot} ({@link #fromRefreshToken}): a claim in both takes {@code added}'s.
     *
     * @throws ClaimsRequestException when the result would pass the limits of one claims request
     *         ({@link ClaimsRequestParser#checkLimits}): its snapshot could not be read back, and
     *         the grant would lose every claim it asked for on the next refresh
     */
    public static ClaimsRequest addedOnRefresh(ClaimsRequest snapshot, ClaimsRequest added) throws ClaimsRequestException {
        ClaimsRequest merged = snapshot.withAccessTokenClaimsOf(added);
        if (added.hasAccessTokenClaims()) {
            ClaimsRequestParser.checkLimits(merged);
        }
        return merged;
    }

    /** Snapshots {@code request} into the refresh token about to be signed, so refreshed and offline tokens carry the same claims. */
    public static void intoRefreshToken(RefreshToken refreshToken, ClaimsRequest request) {
        if (refreshToken != null && request.hasAccessTokenClaims()) {
            refreshToken.getOtherClaims().put(SNAPSHOT_CLAIM, ClaimsRequestParser.write(request));
        }
    }

    /**
     * {@link #intoRefreshToken} for a refresh grant whose request is exactly the snapshot of the
     * refresh token it redeems ({@link #fromRefreshToken} of {@code previous}, nothing added): the
     * snapshot is carried over as it is, instead of being written again from its parse on every
     * refresh.
     */
    public static void carryIntoRefreshToken(RefreshToken refreshToken, RefreshToken previous, ClaimsRequest request) {
        if (refreshToken != null && request.hasAccessTokenClaims() && previous.getOtherClaims().get(SNAPSHOT_CLAIM) instanceof String raw) {
            refreshToken.getOtherClaims().put(SNAPSHOT_CLAIM, raw);
        } else {
            intoRefreshToken(refreshToken, request);
        }
    }

    /**
     * Snapshots as parsed, by their text: a grant refreshes with the same snapshot many times, and
     * a parse is immutable, so it is parsed once. Only snapshots of refresh tokens Keycloak
     * verified (signed by the realm) get here. Bounded: past {@value #MAX_SNAPSHOTS} texts it
     * starts over.
     */
    static final int MAX_SNAPSHOTS = 1024;

    private static final ParsedSnapshots SNAPSHOTS = new ParsedSnapshots();

    private static final class ParsedSnapshots {
        private final BoundedCache<String, ClaimsRequest> parsed = new BoundedCache<>(MAX_SNAPSHOTS);

        ClaimsRequest read(String raw) {
            ClaimsRequest known = parsed.get(raw);
            if (known != null) {
                return known;
            }
            ClaimsRequest request = parse(raw, "refresh token");
            parsed.put(raw, request);
            return request;
        }
    }

    // --- issued access token -> introspection --------------------------------------------------

    /** See {@link IssuedTokenClaims#remember}: stores only for a lightweight token (and asks for {@code requestableNames} only then). */
    public static void keepForIntrospection(KeycloakSession session, AccessToken token, ClaimsRequest requested,
            Supplier<? extends Collection<String>> requestableNames) {
        IssuedTokenClaims.remember(session, token, requested, requestableNames);
    }

    /** See {@link IssuedTokenClaims#find}. */
    public static Optional<ClaimsRequest> forIntrospection(KeycloakSession session, AccessToken token, AccessToken introspected) {
        return IssuedTokenClaims.find(session, token, introspected);
    }

    private static ClaimsRequest parse(String raw, String source) {
        try {
            return ClaimsRequestParser.parse(raw);
        } catch (ClaimsRequestException e) {
            LOG.warnf("Ignoring an unreadable access-token claims request from the %s: %s", source, e.getMessage());
            return ClaimsRequest.empty();
        }
    }
}

package dev.claimschallenge.keycloak.grant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.RealmModel;

/**
 * Where the {@code access_token} member of an authorization request waits for its code to be
 * redeemed. Keycloak copies additional request parameters into client-session notes
 * ({@code client_request_param_<name>}) and never removes them, and one client session serves
 * every authorization of the same client in the same browser.
 *
 * <p>So that tabs do not overwrite each other, each request is keyed by what its authorization
 * code remembers of it (nonce and PKCE challenge). So that a client session cannot grow without
 * bound (a cross-site page can send endless {@code prompt=none} requests that are never
 * redeemed), the key picks one of {@link #SLOTS} fixed note names: the newest request wins its
 * slot, and the note's value starts with the full key, so a code only ever gets the request it was
 * issued for. Two authorizations of the same client in the same browser that are pending at the
 * same time share a slot with probability 1/{@value #SLOTS}; then the older code gets no claims
 * (documented in docs/security.md).
 */
final class AccessTokenClaimsNote {

    /** Prefix of the additional request parameter (and so of the client-session note). */
    public static final String PARAM_PREFIX = "claims_challenge.access_token.";
    /** Keycloak's prefix for additional request parameters kept as client notes. */
    public static final String CLIENT_NOTE_PREFIX = "client_request_param_";
    /** Note names per client session: bounds its size to this many claims requests. */
    public static final int SLOTS = 8;

    private static final char SEPARATOR = ' ';
    private static final Logger LOG = Logger.getLogger(AccessTokenClaimsNote.class);

    private AccessTokenClaimsNote() {
    }

    /** A request waiting in a note: for the authorization with {@code key}, written at {@code writtenAt} (seconds). */
    public record Pending(String key, long writtenAt, String request) {

        /** The note's value: key, time and request, so that a code can tell its own request from another's. */
        public String value() {
            return key + SEPARATOR + writtenAt + SEPARATOR + request;
        }

        /** Reads a note value; empty for anything this class did not write (e.g. an older format). */
        public static Optional<Pending> parse(String value) {
            if (value == null) {
                return Optional.empty();
            }
            int first = value.indexOf(SEPARATOR);
            int second = first < 0 ? -1 : value.indexOf(SEPARATOR, first + 1);
            if (second < 0) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Pending(value.substring(0, first),
                        Long.parseLong(value.substring(first + 1, second)), value.substring(second + 1)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * Whether an authorization request can be told apart from others of the same client in the same
     * browser: only then can its {@code access_token} claims request be kept for its code alone.
     */
    public static boolean canKey(String nonce, String codeChallenge) {
        return !isBlank(nonce) || !isBlank(codeChallenge);
    }

    /** The additional request parameter for a request with this nonce and PKCE challenge. */
    public static String paramName(String nonce, String codeChallenge) {
        return PARAM_PREFIX + slot(key(nonce, codeChallenge));
    }

    /** The client-session note Keycloak copies that parameter to. */
    public static String clientNoteName(String nonce, String codeChallenge) {
        return CLIENT_NOTE_PREFIX + paramName(nonce, codeChallenge);
    }

    /** Whether a client-session note is one of ours (any slot, or a name from before slots). */
    public static boolean isClientNote(String noteName) {
        return noteName.startsWith(CLIENT_NOTE_PREFIX + PARAM_PREFIX);
    }

    /**
     * The claims request an authorization code was issued for, read from its client session. The
     * note stays: removing it would make Keycloak write the client session again at every code
     * exchange with a request (with persistent sessions, a database update: about 3 ms of Keycloak
     * CPU per login on a start-dev server with H2, docs/performance.md as of 3eedcd9), and nothing needs it gone.
     * Keycloak redeems each code once; a note only answers a code whose authorization had the same
     * nonce and PKCE challenge, which a conforming client never sends twice (both specifications
     * require fresh values per request), and even then it hands that client only what it asked
     * for itself, computed by Keycloak. Its slot bounds it, and it is dropped here once no code
     * can redeem it any more: older than the longest a login may take plus a code's lifespan, or
     * in a format this class does not write (from an earlier version). So a client session keeps
     * at most {@value #SLOTS} notes, and a drop costs a write only when there is one to drop.
     */
    public static Optional<String> read(AuthenticatedClientSessionModel clientSession, String nonce, String codeChallenge) {
        String name = clientNoteName(nonce, codeChallenge);
        String key = key(nonce, codeChallenge);
        RealmModel realm = clientSession.getRealm();
        long oldest = Time.currentTime() - (long) Math.max(realm.getAccessCodeLifespanLogin(), realm.getAccessCodeLifespanUserAction())
                - realm.getAccessCodeLifespan();
        Optional<Pending> own = Pending.parse(clientSession.getNote(name))
                .filter(pending -> pending.key().equals(key) && pending.writtenAt() >= oldest);
        List<String> stale = clientSession.getNotes().entrySet().stream()
                .filter(note -> isClientNote(note.getKey()))
                .filter(note -> Pending.parse(note.getValue()).map(pending -> pending.writtenAt() < oldest).orElse(true))
                .map(Map.Entry::getKey)
                .toList();
        stale.forEach(clientSession::removeNote);
        if (!stale.isEmpty()) {
            LOG.debugf("Dropped %d stale access-token claims notes from a client session of %s", stale.size(),
                    clientSession.getClient().getClientId());
        }
        return own.map(Pending::request);
    }

    static int slot(String key) {
        return (int) (Long.parseLong(key.substring(0, 8), 16) % SLOTS);
    }

    public static String key(String nonce, String codeChallenge) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            // an absent value hashes as empty, never as the text "null" (a nonce may be that text)
            digest.update(nonce == null ? new byte[0] : nonce.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(codeChallenge == null ? new byte[0] : codeChallenge.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}

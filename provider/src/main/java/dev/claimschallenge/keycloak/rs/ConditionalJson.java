package dev.claimschallenge.keycloak.rs;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import org.keycloak.util.JsonSerialization;

/**
 * A JSON answer that resource servers poll (the policy document): a strong {@code ETag} from a
 * hash of the exact body, {@code 304 Not Modified} when {@code If-None-Match} names it, and
 * {@code Cache-Control} saying how long the body may be used before asking again.
 * <p>
 * {@value #CACHE_CONTROL}: {@code private} because the document is the authenticated caller's
 * own (no shared cache may keep it or give it to another client); {@code max-age} bounds how
 * stale a local judge may be: a policy the admin tightens reaches every API within that time,
 * as a revalidation that costs Keycloak one hash and the API no body when nothing changed.
 */
final class ConditionalJson {

    static final String CACHE_CONTROL = "private, max-age=60";
    static final String IF_NONE_MATCH = "If-None-Match";
    static final String ETAG = "ETag";

    private ConditionalJson() {
    }

    /** {@code answer} as JSON, or 304 without a body when {@code ifNoneMatch} already names its tag. */
    static Response answer(Object answer, String ifNoneMatch) {
        byte[] body;
        try {
            body = JsonSerialization.writeValueAsBytes(answer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the policy document", e);
        }
        String tag = entityTag(body);
        Response.ResponseBuilder response = matches(ifNoneMatch, tag) ? Response.notModified()
                : Response.ok(body, MediaType.APPLICATION_JSON_TYPE);
        return response.header(ETAG, tag).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
    }

    /** A strong tag: the same bytes give the same tag on every node of a cluster, and other bytes another. */
    static String entityTag(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * RFC 9110 section 13.1.2: {@code *} or a comma-separated list of tags, compared weakly (a
     * {@code W/} prefix is ignored), since a 304 only saves the transfer.
     */
    static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(",")).map(String::trim)
                .map(candidate -> candidate.startsWith("W/") ? candidate.substring(2) : candidate)
                .anyMatch(candidate -> candidate.equals("*") || candidate.equals(tag));
    }
}

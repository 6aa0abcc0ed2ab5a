package dev.claimschallenge.engine;

import java.util.Set;

/**
 * A required claim that names the client a token was issued to ({@code azp}; RFC 9068 calls it
 * {@code client_id}) with {@code values} limits an API to approved clients. Both names are
 * reserved: a requirement can only check them, never request or add them. The check never reads
 * them from the token: a client's own mapper can write either. It reads the client Keycloak issued
 * the token to ({@link Facts#client()}: the client session's client, or the client introspection
 * verified), and Keycloak removes a mapper's {@code azp}, and a {@code client_id} naming another
 * client, from every access token (docs/security.md).
 */
public final class ApprovedClients {

    public static final String AZP = "azp";
    public static final String CLIENT_ID = "client_id";
    /** The answer to a token of a client the API does not approve (evaluate's error_description). */
    public static final String NOT_APPROVED = "this client is not approved for the API";

    private static final Set<String> NAMES = Set.of(AZP, CLIENT_ID);

    private ApprovedClients() {
    }

    /** Whether {@code claim} names the token's client. */
    public static boolean names(String claim) {
        return claim != null && NAMES.contains(claim); // Set.of refuses to look up null
    }
}

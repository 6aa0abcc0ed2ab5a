package dev.claimschallenge.keycloak.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.claimschallenge.engine.ClaimsRequest;
import dev.claimschallenge.keycloak.claims.ClaimsRequestParser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.encode.AccessTokenContext;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;

/** The three places a grant's claims request waits, through the one API. */
class GrantClaimsTest {

    private static final ClaimsRequest EMAIL = parse("{\"access_token\":{\"email\":null}}");
    private static final ClaimsRequest GROUPS = parse("{\"access_token\":{\"groups\":null}}");

    @Test
    void twoTabsWithoutNonceAndPkceCannotShareAKey() {
        Map<String, String> params = new HashMap<>();

        assertThrows(IllegalArgumentException.class, () -> GrantClaims.keepForCode(params, null, null, EMAIL));
        assertThrows(IllegalArgumentException.class, () -> GrantClaims.keepForCode(params, "", " ", EMAIL));
        assertEquals(Map.of(), params, "nothing kept under the shared key");
        assertNotEquals(AccessTokenClaimsNote.key(null, "c"), AccessTokenClaimsNote.key("null", "c"),
                "an absent nonce is not the text \"null\"");
    }

    @Test
    void eachCodeGetsItsOwnRequestAndSlotsBoundTheSession() {
        Map<String, String> notes = new HashMap<>();
        for (int tab = 0; tab < 100; tab++) {
            Map<String, String> params = new HashMap<>();
            GrantClaims.keepForCode(params, "nonce-" + tab, "challenge-" + tab, tab == 99 ? GROUPS : EMAIL);
            params.forEach((name, value) -> notes.put(AccessTokenClaimsNote.CLIENT_NOTE_PREFIX + name, value));
        }
        assertEquals(AccessTokenClaimsNote.SLOTS, notes.size(), "a hundred pending authorizations, eight notes");
        Map<String, String> pending = Map.copyOf(notes);
        AuthenticatedClientSessionModel clientSession = clientSession(notes);

        assertEquals(GROUPS, GrantClaims.forCode(clientSession, "nonce-99", "challenge-99"));
        assertEquals(ClaimsRequest.empty(), GrantClaims.forCode(clientSession, "nonce-0", "challenge-0"),
                "an older request whose slot a newer one took is not handed to the wrong code");
        assertEquals(ClaimsRequest.empty(), GrantClaims.forCode(clientSession, "nonce-100", "challenge-99"),
                "another authorization's code gets nothing, even with the same PKCE challenge");
        assertEquals(pending, notes, "reading changes nothing: no client-session write at the code exchange");
    }

    @Test
    void notesNoCodeCanRedeemAnyMoreAreDroppedAtTheNextExchange() {
        Map<String, String> notes = new HashMap<>();
        Map<String, String> params = new HashMap<>();
        GrantClaims.keepForCode(params, "nonce-old", "challenge-old", EMAIL);
        params.forEach((name, value) -> notes.put(AccessTokenClaimsNote.CLIENT_NOTE_PREFIX + name,
                value.replaceFirst(" \\d+ ", " " + (Time.currentTime() - 3 * 3600) + " ")));
        notes.put(AccessTokenClaimsNote.CLIENT_NOTE_PREFIX + AccessTokenClaimsNote.PARAM_PREFIX + "old-format", "{\"access_token\":{}}");
        notes.put("client_request_param_ui_locales", "de");
        AuthenticatedClientSessionModel clientSession = clientSession(notes);

        assertEquals(ClaimsRequest.empty(), GrantClaims.forCode(clientSession, "nonce-old", "challenge-old"));
        assertEquals(Map.of("client_request_param_ui_locales", "de"), notes, "only the extension's stale notes go");
    }

    @Test
    void aRequestSentAsPlainParametersIsDropped() {
        Map<String, String> params = new HashMap<>(Map.of(AccessTokenClaimsNote.PARAM_PREFIX + "3", "forged", "ui_locales", "de"));

        GrantClaims.dropSentAsParameters(params);

        assertEquals(Map.of("ui_locales", "de"), params);
    }

    @Test
    void aRefreshTokenCarriesTheRequestToTheNextRefresh() {
        RefreshToken refreshToken = refreshToken();

        GrantClaims.intoRefreshToken(refreshToken, EMAIL);

        assertEquals("{\"access_token\":{\"email\":null}}", refreshToken.getOtherClaims().get(GrantClaims.SNAPSHOT_CLAIM));
        assertEquals(EMAIL, GrantClaims.fromRefreshToken(refreshToken));
    }

    @Test
    void noRequestNoSnapshotAndAnUnreadableSnapshotIsNoRequest() {
        RefreshToken empty = refreshToken();
        GrantClaims.intoRefreshToken(empty, ClaimsRequest.empty());
        RefreshToken tampered = refreshToken();
        tampered.getOtherClaims().put(GrantClaims.SNAPSHOT_CLAIM, "{not json");

        assertFalse(empty.getOtherClaims().containsKey(GrantClaims.SNAPSHOT_CLAIM));
        assertEquals(ClaimsRequest.empty(), GrantClaims.fromRefreshToken(empty));
        assertEquals(ClaimsRequest.empty(), GrantClaims.fromRefreshToken(tampered));
        assertEquals(ClaimsRequest.empty(), GrantClaims.fromRefreshToken(null));
    }

    @Test
    void onlyALightweightTokenIsKeptForIntrospection() {
        KeycloakSession session = session(AccessTokenContext.TokenType.REGULAR);
        AccessToken regular = token("regular-id", "a@example.org");

        GrantClaims.keepForIntrospection(session, regular, EMAIL, () -> {
            throw new AssertionError("a regular token needs no requestable names: they are computed for lightweight tokens only");
        });

        verify(session.singleUseObjects(), never()).put(anyString(), anyLong(), any());
    }

    @Test
    void aLightweightTokenKeepsTheNamesItWasGrantedNeverTheRequestItself() {
        KeycloakSession session = session(AccessTokenContext.TokenType.LIGHTWEIGHT);
        AccessToken lightweight = token("light-id", "a@example.org");

        GrantClaims.keepForIntrospection(session, lightweight, parse("{\"access_token\":{\"email\":{\"value\":\"a@example.org\"},"
                + "\"department\":null,\"not_granted\":null}}"), () -> List.of("department"));

        verify(session.singleUseObjects()).put(eq("claims-challenge.at.light-id"), anyLong(),
                eq(Map.of("granted", "{\"access_token\":{\"email\":null,\"department\":null}}")));
    }

    private static KeycloakSession session(AccessTokenContext.TokenType type) {
        KeycloakSession session = mock(KeycloakSession.class);
        when(session.singleUseObjects()).thenReturn(mock(org.keycloak.models.SingleUseObjectProvider.class));
        TokenContextEncoderProvider encoder = mock(TokenContextEncoderProvider.class, RETURNS_DEEP_STUBS);
        when(encoder.getTokenContextFromTokenId(anyString()).getTokenType()).thenReturn(type);
        when(session.getProvider(TokenContextEncoderProvider.class)).thenReturn(encoder);
        return session;
    }

    private static RefreshToken refreshToken() {
        return new RefreshToken(new AccessToken(), null, null);
    }

    private static AccessToken token(String id, String email) {
        AccessToken token = new AccessToken();
        token.id(id);
        token.exp((long) Time.currentTime() + 300);
        token.getOtherClaims().put("email", email);
        return token;
    }

    private static AuthenticatedClientSessionModel clientSession(Map<String, String> notes) {
        AuthenticatedClientSessionModel clientSession = mock(AuthenticatedClientSessionModel.class, RETURNS_DEEP_STUBS);
        when(clientSession.getNote(anyString())).thenAnswer(call -> notes.get(call.<String>getArgument(0)));
        when(clientSession.getNotes()).thenAnswer(call -> new HashMap<>(notes));
        org.mockito.Mockito.doAnswer(call -> notes.remove(call.<String>getArgument(0))).when(clientSession).removeNote(anyString());
        when(clientSession.getRealm().getAccessCodeLifespanLogin()).thenReturn(1800);
        when(clientSession.getRealm().getAccessCodeLifespanUserAction()).thenReturn(300);
        when(clientSession.getRealm().getAccessCodeLifespan()).thenReturn(60);
        return clientSession;
    }

    private static ClaimsRequest parse(String json) {
        try {
            return ClaimsRequestParser.parse(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRefreshMayAddClaimsOnlyUpToTheLimitOfOneClaimsRequest() throws Exception {
        ClaimsRequest forty = ClaimsRequestParser.parse(names("a", 40));
        ClaimsRequest merged = GrantClaims.addedOnRefresh(forty, ClaimsRequestParser.parse(names("b", 24)));
        assertEquals(64, merged.accessToken().size());

        dev.claimschallenge.keycloak.claims.ClaimsRequestException e = assertThrows(dev.claimschallenge.keycloak.claims.ClaimsRequestException.class,
                () -> GrantClaims.addedOnRefresh(forty, ClaimsRequestParser.parse(names("b", 25))));
        assertTrue(e.getMessage().contains("more than 64 claims"), e.getMessage());
        // asking again for claims the grant has already counts once
        assertEquals(40, GrantClaims.addedOnRefresh(forty, ClaimsRequestParser.parse(names("a", 40))).accessToken().size());
        assertEquals(forty, GrantClaims.addedOnRefresh(forty, ClaimsRequest.empty()));
    }

    private static String names(String prefix, int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "\"" + prefix + i + "\":null")
                .collect(java.util.stream.Collectors.joining(",", "{\"access_token\":{", "}}"));
    }
}

package dev.claimschallenge.keycloak.it.support;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import org.keycloak.crypto.AsymmetricSignatureSignerContext;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jwk.JWKBuilder;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.util.JsonSerialization;

/** A client's RS256 key for signed request objects (JAR, RFC 9101), built with Keycloak's JOSE classes. */
public final class RequestObjectSigner {

    private final String kid = "it-" + System.nanoTime();
    private final KeyPair keys;

    public RequestObjectSigner() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as a JWKS document, for the client's {@code jwks.string} attribute. */
    public String jwks() {
        JWK jwk = JWKBuilder.create().kid(kid).algorithm("RS256").rsa(keys.getPublic(), KeyUse.SIG);
        JSONWebKeySet set = new JSONWebKeySet();
        set.setKeys(new JWK[] {jwk});
        try {
            return JsonSerialization.writeValueAsString(set);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Client attributes that make Keycloak verify request objects with this key. */
    public Map<String, String> clientAttributes() {
        return Map.of("use.jwks.string", "true", "jwks.string", jwks(), "request.object.signature.alg", "RS256");
    }

    public String sign(Map<String, Object> payload) {
        KeyWrapper key = new KeyWrapper();
        key.setKid(kid);
        key.setAlgorithm("RS256");
        key.setPrivateKey(keys.getPrivate());
        key.setPublicKey(keys.getPublic());
        key.setUse(KeyUse.SIG);
        try {
            return new JWSBuilder().kid(kid).type("oauth-authz-req+jwt").jsonContent(payload)
                    .sign(new AsymmetricSignatureSignerContext(key));
        } catch (org.keycloak.crypto.SignatureException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.claimschallenge.keycloak.it.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.Map;

/** A client's RS256 key for signed request objects (JAR, RFC 9101), made and used with Nimbus JOSE. */
public final class RequestObjectSigner {

    private final RSAKey key;

    public RequestObjectSigner() {
        try {
            key = new RSAKeyGenerator(2048).keyID("it-" + System.nanoTime()).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Client attributes that make Keycloak verify request objects with this key (its public JWKS). */
    public Map<String, String> clientAttributes() {
        return Map.of("use.jwks.string", "true", "jwks.string", new JWKSet(key.toPublicJWK()).toString(),
                "request.object.signature.alg", "RS256");
    }

    /** {@code payload}: JSON members, nulls inside nested objects kept (a claims request's {"email": null}). */
    public String sign(Map<String, Object> payload) {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(new JOSEObjectType("oauth-authz-req+jwt")).build(), new Payload(payload));
        try {
            jws.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }
}

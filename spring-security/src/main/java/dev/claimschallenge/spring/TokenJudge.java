package dev.claimschallenge.spring;

import java.util.List;
import java.util.Map;

/**
 * Judges a token Spring already validated, with the code Keycloak's evaluate runs (the engine
 * module): the one seam between this library and that code.
 */
public interface TokenJudge {

    /**
     * @param claims   the token's claims exactly as its payload has them (not as Spring converted them)
     * @param contexts the ids of the contexts the operation needs, all listed by the document
     * @param now      seconds since the epoch
     */
    Judgement judge(PolicyDocument document, Map<String, Object> claims, List<String> contexts, long now);

    /** The challenge for a token that is not valid (RFC 6750 {@code invalid_token}), as evaluate builds it. */
    String invalidToken(PolicyDocument document);
}

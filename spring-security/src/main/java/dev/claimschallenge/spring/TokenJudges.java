package dev.claimschallenge.spring;

import java.util.List;
import java.util.Map;

/** The judge the auto-configuration uses unless the application defines a {@link TokenJudge} bean. */
final class TokenJudges {

    private TokenJudges() {
    }

    /**
     * The engine's judge. Until the engine module is part of this build (issue 25 waits for it),
     * a judge that refuses every judgement: requests with a token get 503, none goes through unjudged.
     */
    static TokenJudge engine() {
        return new TokenJudge() {
            @Override
            public Judgement judge(PolicyDocument document, Map<String, Object> claims, List<String> contexts, long now) {
                throw new IllegalStateException("this build of keycloak-claims-challenge-spring-security has no judging engine yet");
            }

            @Override
            public String invalidToken(PolicyDocument document) {
                throw new IllegalStateException("this build of keycloak-claims-challenge-spring-security has no judging engine yet");
            }
        };
    }
}

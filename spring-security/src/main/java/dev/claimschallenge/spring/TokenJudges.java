package dev.claimschallenge.spring;

/** The judge the auto-configuration uses unless the application defines a {@link TokenJudge} bean. */
final class TokenJudges {

    private TokenJudges() {
    }

    /** The engine's judge: the code Keycloak's evaluate runs. */
    static TokenJudge engine() {
        return new EngineJudge();
    }
}

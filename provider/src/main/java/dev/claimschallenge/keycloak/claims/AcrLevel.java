package dev.claimschallenge.keycloak.claims;

import java.util.Map;
import java.util.OptionalInt;

/** The level of authentication an acr value stands for: through the ACR-to-LoA map, or the value itself when it is a number. */
public final class AcrLevel {

    private AcrLevel() {
    }

    public static OptionalInt of(String acr, Map<String, Integer> loaMap) {
        Integer mapped = loaMap.get(acr);
        if (mapped != null) {
            return OptionalInt.of(mapped);
        }
        try {
            return OptionalInt.of(Integer.parseInt(acr));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}

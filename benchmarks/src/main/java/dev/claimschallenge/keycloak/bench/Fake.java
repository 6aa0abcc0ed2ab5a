package dev.claimschallenge.keycloak.bench;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A stand-in for one of Keycloak's model interfaces (session, realm, client, user...): answers
 * the methods it is given by name, and everything else with null, false, zero or an empty stream.
 * A JDK proxy, not Mockito: Mockito walks the stack on every call, which would dominate a
 * benchmark of code that calls models a few dozen times.
 */
final class Fake<T> {

    private final Class<T> type;
    private final Map<String, Function<Object[], Object>> answers = new HashMap<>();

    private Fake(Class<T> type) {
        this.type = type;
    }

    static <T> Fake<T> of(Class<T> type) {
        return new Fake<>(type);
    }

    /** {@code method} (any overload) answers {@code value}. */
    Fake<T> returns(String method, Object value) {
        answers.put(method, args -> value);
        return this;
    }

    /** {@code method} (any overload) answers what {@code answer} computes from the arguments. */
    Fake<T> answers(String method, Function<Object[], Object> answer) {
        answers.put(method, answer);
        return this;
    }

    T build() {
        return build(type);
    }

    /** A fake that also implements {@code more} (interfaces extending or beside {@code T}), answered the same way. */
    T build(Class<?>... more) {
        Class<?>[] interfaces = java.util.stream.Stream.concat(java.util.stream.Stream.of(type), java.util.stream.Stream.of(more))
                .distinct().toArray(Class<?>[]::new);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), interfaces, (proxy, method, args) -> {
            Function<Object[], Object> answer = answers.get(method.getName());
            if (answer != null) {
                return answer.apply(args);
            }
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "fake " + type.getSimpleName();
                default:
                    break;
            }
            Class<?> returned = method.getReturnType();
            if (returned == boolean.class) {
                return false;
            }
            if (returned == int.class) {
                return 0;
            }
            if (returned == long.class) {
                return 0L;
            }
            if (returned == Stream.class) {
                return Stream.empty();
            }
            if (returned == Map.class) {
                return Map.of();
            }
            return null;
        }));
    }
}

package dev.claimschallenge.keycloak.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.keycloak.component.ComponentValidationException;

/**
 * Every problem of one save of a policy or an authentication context, collected so that an admin
 * sees them all at once (on the admin page and in the REST answer) instead of one per save. The
 * checks report through {@link ComponentValidationException}s, as before; this keeps each one's
 * message and goes on.
 */
public final class Problems {

    private final List<String> messages = new ArrayList<>();
    /** Fields whose value could not be read: checks of their content would only repeat the problem. */
    private final Set<String> unreadable = new HashSet<>();

    /**
     * A validation error with {@code text} as its message. Keycloak's components endpoint (the
     * admin page, and imports through it) uses a message as a {@link java.text.MessageFormat}
     * pattern, where braces fail (a 500) and single quotes vanish, while a realm import shows it
     * as it is: so messages hold neither, and echoed input has them replaced.
     */
    public static ComponentValidationException invalid(String text) {
        return new ComponentValidationException(text.replace('{', '(').replace('}', ')').replace('\'', '"'));
    }

    /** Runs {@code check}; a refusal it throws is noted instead of ending the checks. */
    public void check(Runnable check) {
        try {
            check.run();
        } catch (ComponentValidationException e) {
            add(e);
        }
    }

    /** What {@code read} returns, or {@code fallback} when it is refused (noted, and {@code field} marked unreadable). */
    public <T> T read(String field, Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (ComponentValidationException e) {
            add(e);
            unreadable.add(field);
            return fallback;
        }
    }

    /** Whether {@code field} (its JSON name) could not be read. */
    public boolean unreadable(String field) {
        return unreadable.contains(field);
    }

    public void add(ComponentValidationException e) {
        if (e instanceof Refusal refusal) {
            refusal.problems().forEach(this::add);
        } else {
            add(e.getMessage());
        }
    }

    private void add(String message) {
        if (!messages.contains(message)) {
            messages.add(message);
        }
    }

    /** Throws every problem noted as one {@link Refusal}; nothing when there is none. */
    public void throwIfAny() {
        if (!messages.isEmpty()) {
            throw new Refusal(messages);
        }
    }

    /** A refusal naming every problem: {@link #getMessage()} lists them all, {@link #problems()} one by one. */
    public static final class Refusal extends ComponentValidationException {

        private final List<String> problems;

        Refusal(List<String> problems) {
            super(text(problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }

        /** One problem as it is; several numbered, so that the page's one message line still tells them apart. */
        static String text(List<String> problems) {
            if (problems.size() == 1) {
                return problems.get(0);
            }
            StringBuilder text = new StringBuilder(problems.size() + " problems:");
            for (int i = 0; i < problems.size(); i++) {
                text.append(" (").append(i + 1).append(") ").append(problems.get(i));
            }
            return text.toString();
        }
    }
}

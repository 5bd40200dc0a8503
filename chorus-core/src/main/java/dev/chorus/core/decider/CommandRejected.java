package dev.chorus.core.decider;

import dev.chorus.core.ChorusException;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A command the rules refuse: the domain's own error, thrown by {@link Decider#decide}. Never retried (the
 * same command in the same state is refused again) and nothing is written. Extend it with a class per
 * refusal that carries its facts as typed fields, and pass them up as {@code details} too, so a layer that
 * knows nothing of the domain (a web API, a dead-letter record) can still show them:
 *
 * <pre>{@code
 * final class InsufficientFunds extends CommandRejected {
 *     InsufficientFunds(String account, long balance, long requested) {
 *         super("insufficient-funds", "account " + account + " holds " + balance + ", cannot withdraw " + requested,
 *                 Map.of("account", account, "balance", Long.toString(balance), "requested", Long.toString(requested)));
 *     }
 * }
 * }</pre>
 */
public abstract class CommandRejected extends ChorusException {
    private static final Pattern REASON = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final String reason;
    private final Map<String, String> details;

    /**
     * @param reason  a stable, machine-readable name for the refusal, in kebab case ({@code insufficient-funds})
     * @param message what happened and what the caller can do about it, for people
     * @param details the refusal's facts by name, for layers that cannot see the subclass's fields
     */
    protected CommandRejected(String reason, String message, Map<String, String> details) {
        super(Objects.requireNonNull(message, "message"));
        Objects.requireNonNull(reason, "reason");
        if (!REASON.matcher(reason).matches()) {
            throw new IllegalArgumentException("a rejection reason is kebab case, like insufficient-funds; got '"
                    + reason + "'");
        }
        this.reason = reason;
        this.details = Map.copyOf(Objects.requireNonNull(details, "details"));
    }

    protected CommandRejected(String reason, String message) {
        this(reason, message, Map.of());
    }

    public final String reason() {
        return reason;
    }

    public final Map<String, String> details() {
        return details;
    }
}

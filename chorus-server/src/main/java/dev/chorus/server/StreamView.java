package dev.chorus.server;

import dev.chorus.core.decider.DeciderBinding;
import dev.chorus.core.ValidationError;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the streams whose ids start with {@code prefix} are shown: the decider that folds them, and what of its
 * state goes out as JSON (any value Jackson writes: a record, a map, a string).
 */
public record StreamView<S>(String prefix, DeciderBinding<?, S, ?> binding, Function<? super S, ?> toJson) {
    public StreamView {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(toJson, "toJson");
        if (prefix.isEmpty()) {
            throw new ValidationError("prefix", "a stream view's prefix is not empty, like \"order-\"");
        }
    }

    /** The state as JSON will show it; never null. */
    public Object json(S state) {
        return Objects.requireNonNull(toJson.apply(state), "the stream view's toJson returned null for " + prefix);
    }
}

package dev.chorus.core.projection;

import dev.chorus.core.ValidationError;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a projection runs.
 *
 * @param batchSize     most events applied between two commits (default 1,000). A runner commits earlier whenever it
 *                      has caught up with the head, so a live projection commits each event as it comes, and a
 *                      catching-up one pays one state-store commit per batch. Larger batches catch up faster and hold
 *                      more pending rows in memory.
 * @param rememberBytes how much of its committed read model a running projection keeps in memory (default 8 MiB), so
 *                      that a row updated by many events is read from the state store once rather than per event. 0
 *                      reads every row from the store. The runner is its read model's only writer, which is what keeps
 *                      the remembered rows true.
 * @param saveSkippedAfter how soon a running projection saves its checkpoint past events that changed nothing in its
 *                      read model (default 1 s): it does not commit for each of them, but a reader of the stored
 *                      checkpoint (another process's {@code chorus projections lag}) should not see it stay behind
 *                      for long. At most one such commit per period.
 */
public record ProjectionConfig(int batchSize, long rememberBytes, Duration saveSkippedAfter) {
    public static final int DEFAULT_BATCH_SIZE = 1_000;
    public static final int MAX_BATCH_SIZE = 1_000_000;
    public static final long DEFAULT_REMEMBER_BYTES = 8L << 20;
    public static final Duration DEFAULT_SAVE_SKIPPED_AFTER = Duration.ofSeconds(1);
    public static final ProjectionConfig DEFAULT = new ProjectionConfig(DEFAULT_BATCH_SIZE, DEFAULT_REMEMBER_BYTES);

    public ProjectionConfig(int batchSize, long rememberBytes) {
        this(batchSize, rememberBytes, DEFAULT_SAVE_SKIPPED_AFTER);
    }

    public ProjectionConfig {
        Objects.requireNonNull(saveSkippedAfter, "saveSkippedAfter");
        if (saveSkippedAfter.isNegative() || saveSkippedAfter.isZero()) {
            throw new ValidationError("saveSkippedAfter", "saveSkippedAfter is positive; got " + saveSkippedAfter);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new ValidationError("batchSize", "batchSize is between 1 and " + MAX_BATCH_SIZE + "; got "
                    + batchSize);
        }
        if (rememberBytes < 0) {
            throw new ValidationError("rememberBytes", "rememberBytes is 0 or more; got " + rememberBytes);
        }
    }

    /** The defaults, changed by {@code setup}: {@code ProjectionConfig.of(c -> c.batchSize = 10_000)}. */
    public static ProjectionConfig of(Consumer<Builder> setup) {
        var builder = new Builder();
        setup.accept(builder);
        return new ProjectionConfig(builder.batchSize, builder.rememberBytes, builder.saveSkippedAfter);
    }

    public static final class Builder {
        public int batchSize = DEFAULT_BATCH_SIZE;
        public long rememberBytes = DEFAULT_REMEMBER_BYTES;
        public Duration saveSkippedAfter = DEFAULT_SAVE_SKIPPED_AFTER;

        private Builder() {}
    }
}

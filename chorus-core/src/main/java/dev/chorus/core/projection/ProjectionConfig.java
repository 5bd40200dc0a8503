package dev.chorus.core.projection;

import dev.chorus.core.ValidationError;
import java.util.function.Consumer;

/**
 * How a projection runs.
 *
 * @param batchSize most events applied between two commits (default 1,000). A runner commits earlier whenever it
 *                  has caught up with the head, so a live projection commits each event as it comes, and a catching-up
 *                  one pays one state-store commit per batch. Larger batches catch up faster and hold more pending rows.
 */
public record ProjectionConfig(int batchSize) {
    public static final int DEFAULT_BATCH_SIZE = 1_000;
    public static final int MAX_BATCH_SIZE = 1_000_000;
    public static final ProjectionConfig DEFAULT = new ProjectionConfig(DEFAULT_BATCH_SIZE);

    public ProjectionConfig {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new ValidationError("batchSize", "batchSize is between 1 and " + MAX_BATCH_SIZE + "; got "
                    + batchSize);
        }
    }

    /** The defaults, changed by {@code setup}: {@code ProjectionConfig.of(c -> c.batchSize = 10_000)}. */
    public static ProjectionConfig of(Consumer<Builder> setup) {
        var builder = new Builder();
        setup.accept(builder);
        return new ProjectionConfig(builder.batchSize);
    }

    public static final class Builder {
        public int batchSize = DEFAULT_BATCH_SIZE;

        private Builder() {}
    }
}

package dev.chorus.core.decider;

import dev.chorus.core.Sleeper;
import dev.chorus.core.ValidationError;
import dev.chorus.core.state.StateStore;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link CommandLoop} runs.
 *
 * @param retry         how version conflicts are retried (default {@link RetryPolicy#DEFAULT})
 * @param sleeper       how the loop waits between tries (default {@link Sleeper#system()})
 * @param snapshotStore where snapshots are kept, for a binding with a {@link SnapshotPolicy}; required then
 * @param clock         mints the id that correlates a root command's events; use the store's clock
 * @param stateCache    how many streams' latest states to keep in memory, so that a command on a warm stream
 *                      skips reading it (default 0: every command reads its stream). Only for deciders whose
 *                      states are immutable (records), since a cached state is shared between commands.
 *                      A stale entry costs a retry, never a wrong write: the append still expects the version.
 */
public record CommandLoopConfig(RetryPolicy retry, Sleeper sleeper, Optional<StateStore> snapshotStore, Clock clock,
                                int stateCache) {
    public CommandLoopConfig {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(snapshotStore, "snapshotStore");
        Objects.requireNonNull(clock, "clock");
        if (stateCache < 0) {
            throw new ValidationError("stateCache", "stateCache is a number of streams, 0 (off) or more; got "
                    + stateCache);
        }
    }

    public static CommandLoopConfig defaults() {
        return new CommandLoopConfig(RetryPolicy.DEFAULT, Sleeper.system(), Optional.empty(), Clock.systemUTC(), 0);
    }

    /** The defaults, changed by {@code setup}: {@code CommandLoopConfig.of(c -> c.snapshotStore = states)}. */
    public static CommandLoopConfig of(Consumer<Builder> setup) {
        var builder = new Builder();
        setup.accept(builder);
        return new CommandLoopConfig(builder.retry, builder.sleeper, Optional.ofNullable(builder.snapshotStore),
                builder.clock, builder.stateCache);
    }

    public static final class Builder {
        public RetryPolicy retry = RetryPolicy.DEFAULT;
        public Sleeper sleeper = Sleeper.system();
        public @Nullable StateStore snapshotStore;
        public Clock clock = Clock.systemUTC();
        public int stateCache;

        private Builder() {}
    }
}

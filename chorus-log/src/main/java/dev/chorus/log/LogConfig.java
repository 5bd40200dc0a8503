package dev.chorus.log;

import dev.chorus.core.StoreLimits;
import dev.chorus.core.ValidationError;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How an embedded log is opened.
 *
 * @param dataDir      the directory that holds it; created when missing; one writer process at a time
 * @param segmentBytes a segment file is rolled once it reaches this size (default 64 MiB)
 * @param fsync        when an append is acknowledged (default: after fsync)
 * @param limits       the limits enforced on appends
 * @param clock        stamps recorded-at and event ids
 */
public record LogConfig(Path dataDir, long segmentBytes, FsyncPolicy fsync, StoreLimits limits, Clock clock) {
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    public static final long MIN_SEGMENT_BYTES = 4096;

    public LogConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clock, "clock");
        if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > Integer.MAX_VALUE) {
            throw new ValidationError("segmentBytes", "segmentBytes is between " + MIN_SEGMENT_BYTES + " and "
                    + Integer.MAX_VALUE + "; got " + segmentBytes);
        }
    }

    public static LogConfig defaults(Path dataDir) {
        return new LogConfig(dataDir, DEFAULT_SEGMENT_BYTES, FsyncPolicy.ALWAYS, StoreLimits.DEFAULT,
                Clock.systemUTC());
    }

    /** The defaults, changed by {@code setup}: {@code LogConfig.of(dir, c -> c.segmentBytes = 1 << 20)}. */
    public static LogConfig of(Path dataDir, Consumer<Builder> setup) {
        var builder = new Builder(defaults(dataDir));
        setup.accept(builder);
        return builder.build();
    }

    public static final class Builder {
        public Path dataDir;
        public long segmentBytes;
        public FsyncPolicy fsync;
        public StoreLimits limits;
        public Clock clock;

        private Builder(LogConfig from) {
            dataDir = from.dataDir;
            segmentBytes = from.segmentBytes;
            fsync = from.fsync;
            limits = from.limits;
            clock = from.clock;
        }

        private LogConfig build() {
            return new LogConfig(dataDir, segmentBytes, fsync, limits, clock);
        }
    }
}

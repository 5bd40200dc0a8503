package dev.chorus.log.state;

import dev.chorus.core.ValidationError;
import dev.chorus.log.FsyncPolicy;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How an embedded state store is opened.
 *
 * @param dir               the directory that holds it, and nothing else; created when missing; one writer
 *                          process at a time
 * @param fsync             when a commit is acknowledged (default: after fsync)
 * @param compactAfterBytes once the journal written since the newest snapshot (what opening would replay) grows
 *                          past this and past that snapshot's size, the whole map is written to a new snapshot and
 *                          a new journal begins, so opening replays about this much, or as much as the snapshot
 *                          holds, at most (default 64 MiB)
 * @param maxCommitBytes    the largest commit, all its keys and values encoded together (default 64 MiB)
 */
public record StateStoreConfig(Path dir, FsyncPolicy fsync, long compactAfterBytes, int maxCommitBytes) {
    public static final long DEFAULT_COMPACT_AFTER_BYTES = 64L << 20;
    public static final long MIN_COMPACT_AFTER_BYTES = 4096;
    public static final int DEFAULT_MAX_COMMIT_BYTES = 64 << 20;
    public static final int MIN_MAX_COMMIT_BYTES = 4096;
    /** A commit is one frame of the journal: a 1 GiB ceiling keeps a frame's length an int with room to spare. */
    public static final int MAX_MAX_COMMIT_BYTES = 1 << 30;
    /** The subdirectory of a log's data directory that {@link #besideLog} uses. */
    public static final String BESIDE_LOG = "state";

    public StateStoreConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(fsync, "fsync");
        if (compactAfterBytes < MIN_COMPACT_AFTER_BYTES) {
            throw new ValidationError("compactAfterBytes", "compactAfterBytes is at least " + MIN_COMPACT_AFTER_BYTES
                    + "; got " + compactAfterBytes);
        }
        if (maxCommitBytes < MIN_MAX_COMMIT_BYTES || maxCommitBytes > MAX_MAX_COMMIT_BYTES) {
            throw new ValidationError("maxCommitBytes", "maxCommitBytes is between " + MIN_MAX_COMMIT_BYTES + " and "
                    + MAX_MAX_COMMIT_BYTES + "; got " + maxCommitBytes);
        }
    }

    public static StateStoreConfig defaults(Path dir) {
        return new StateStoreConfig(dir, FsyncPolicy.ALWAYS, DEFAULT_COMPACT_AFTER_BYTES, DEFAULT_MAX_COMMIT_BYTES);
    }

    /** The defaults in {@code <logDataDir>/state}: the log ignores that directory, so the two live side by side. */
    public static StateStoreConfig besideLog(Path logDataDir) {
        return defaults(logDataDir.resolve(BESIDE_LOG));
    }

    /** The defaults, changed by {@code setup}: {@code StateStoreConfig.of(dir, c -> c.compactAfterBytes = 1 << 20)}. */
    public static StateStoreConfig of(Path dir, Consumer<Builder> setup) {
        var builder = new Builder(defaults(dir));
        setup.accept(builder);
        return builder.build();
    }

    public static final class Builder {
        public Path dir;
        public FsyncPolicy fsync;
        public long compactAfterBytes;
        public int maxCommitBytes;

        private Builder(StateStoreConfig from) {
            dir = from.dir;
            fsync = from.fsync;
            compactAfterBytes = from.compactAfterBytes;
            maxCommitBytes = from.maxCommitBytes;
        }

        private StateStoreConfig build() {
            return new StateStoreConfig(dir, fsync, compactAfterBytes, maxCommitBytes);
        }
    }
}

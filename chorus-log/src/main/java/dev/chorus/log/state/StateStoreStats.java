package dev.chorus.log.state;

/**
 * Counters of an embedded state store since it was opened.
 *
 * @param commits      commits acknowledged
 * @param batches      write + fsync rounds: concurrent commits share one
 * @param bytesWritten framed bytes written to journals
 * @param syncNanos    time spent in fsync
 * @param compactions  snapshots written
 * @param generation   the generation of the journal now being written
 * @param merges       merges of the map's sorted runs done in the background (see docs/state-store.md)
 */
public record StateStoreStats(long commits, long batches, long bytesWritten, long syncNanos, long compactions,
                              long generation, long merges) {
    public double commitsPerBatch() {
        return batches == 0 ? 0 : (double) commits / batches;
    }
}

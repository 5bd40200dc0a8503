package dev.chorus.log;

/**
 * Counters of the group-commit writer since the log was opened.
 *
 * @param batches      write + fsync rounds
 * @param appends      appends acknowledged (each one atomic record)
 * @param bytesWritten framed bytes written
 * @param syncNanos    time spent in fsync
 */
public record WriterStats(long batches, long appends, long bytesWritten, long syncNanos) {
    public double appendsPerBatch() {
        return batches == 0 ? 0 : (double) appends / batches;
    }

    public double meanSyncMillis() {
        return batches == 0 ? 0 : syncNanos / 1e6 / batches;
    }
}

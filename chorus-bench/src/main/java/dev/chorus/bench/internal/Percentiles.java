package dev.chorus.bench.internal;

/** Nearest-rank percentiles of a sorted array. */
final class Percentiles {
    private Percentiles() {}

    /** The value at percentile {@code p} (0–100) of {@code sorted}, or 0 when it is empty. */
    static long of(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }
}

package dev.chorus.bench.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free log-linear histogram of nanosecond latencies for many concurrent recorders: each power
 * of two is split into 64 linear buckets, so a percentile is within about 1.6% of the true value.
 * Storing every sample of 1,024 writers would cost more memory and cache traffic than the log itself.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;
    private final AtomicLongArray counts = new AtomicLongArray((64 - SUB_BITS + 1) * SUB);

    void record(long nanos) {
        counts.incrementAndGet(index(Math.max(0, nanos)));
    }

    long count() {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** The upper bound of the bucket holding percentile {@code p} (0–100), or 0 when empty. */
    long percentile(double p) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return upperBound(i);
            }
        }
        return upperBound(counts.length() - 1);
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        // Bucket group g >= 1 covers [2^(g+5), 2^(g+6)) in 64 steps of 2^(g-1).
        int group = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS + 1;
        int sub = (int) (v >>> (group - 1)) - SUB;
        return group * SUB + sub;
    }

    static long upperBound(int index) {
        int group = index / SUB;
        int sub = index % SUB;
        if (group == 0) {
            return sub;
        }
        return ((long) (SUB + sub) << (group - 1)) + (1L << (group - 1)) - 1;
    }
}

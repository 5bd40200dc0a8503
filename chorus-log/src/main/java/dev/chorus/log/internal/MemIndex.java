package dev.chorus.log.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The index of the active segment, in memory. One writer adds to it; readers read it concurrently and
 * see a prefix of what was added (each array is filled before the count that publishes it).
 */
public final class MemIndex implements SegmentIndex {
    final ConcurrentHashMap<String, Run> streams = new ConcurrentHashMap<>();
    final Longs sparsePositions = new Longs();
    final Longs sparseOffsets = new Longs();
    private long nextSparseAt;

    /** Records one frame: {@code count} events of {@code streamId} from the given version and position. */
    public void add(String streamId, long firstVersion, long firstPosition, int count, long offset) {
        add(streams.get(streamId), streamId, firstVersion, firstPosition, count, offset);
    }

    /** The stream's entries in this segment, or null: the writer looks a stream up once per append. */
    Run run(String streamId) {
        return streams.get(streamId);
    }

    /** As {@link #add(String, long, long, int, long)}, with the stream's {@link #run} already looked up. */
    void add(Run run, String streamId, long firstVersion, long firstPosition, int count, long offset) {
        if (offset >= nextSparseAt) {
            sparsePositions.add(firstPosition);
            sparseOffsets.add(offset);
            sparseOffsets.publish();
            sparsePositions.publish();
            nextSparseAt = offset - offset % SPARSE_BYTES + SPARSE_BYTES;
        }
        if (run == null) {
            run = new Run(firstVersion, firstPosition);
            streams.put(streamId, run);
        }
        for (int i = 0; i < count; i++) {
            run.add(firstPosition + i, offset);
        }
        run.publish();
    }

    /** The version of the stream's last event in this segment, or -1. Counts unpublished writes too. */
    public long lastVersion(String streamId) {
        return lastVersion(streams.get(streamId));
    }

    static long lastVersion(Run run) {
        return run == null ? -1 : run.firstVersion + run.size() - 1;
    }

    @Override
    public long scanStart(long position) {
        int n = sparsePositions.size();
        int found = Longs.floor(sparsePositions, n, position);
        return found < 0 ? 0 : sparseOffsets.get(found);
    }

    @Override
    public EntryCursor entries(String streamId, long fromVersion, boolean forward) {
        var run = streams.get(streamId);
        if (run == null) {
            return EntryCursor.EMPTY;
        }
        int n = run.size();
        long first = run.firstVersion;
        long start = forward ? Math.max(fromVersion, first) : Math.min(fromVersion, first + n - 1);
        if (start < first || start >= first + n) {
            return EntryCursor.EMPTY;
        }
        return new EntryCursor() {
            int i = (int) (start - first) + (forward ? -1 : 1);

            @Override
            public boolean next() {
                i += forward ? 1 : -1;
                return i >= 0 && i < n;
            }

            @Override
            public long version() {
                return first + i;
            }

            @Override
            public long position() {
                return run.position(i);
            }

            @Override
            public long offset() {
                return run.offset(i);
            }
        };
    }

    /**
     * One stream's entries in this segment: each a long, its position's distance from the stream's first one here
     * in the high half and its frame's offset in the low half (a segment is at most 2 GiB, so both fit). One array
     * per stream rather than two arrays each behind an object: streams are what an active segment holds most of.
     */
    static final class Run {
        final long firstVersion;
        private final long firstPosition;
        private volatile long[] entries = new long[2];
        /** Written by the writer only; readers read {@link #size}. */
        private int added;
        private volatile int size;

        Run(long firstVersion, long firstPosition) {
            this.firstVersion = firstVersion;
            this.firstPosition = firstPosition;
        }

        void add(long position, long offset) {
            long distance = position - firstPosition;
            if (distance < 0 || distance > 0xFFFF_FFFFL || offset < 0 || offset > 0xFFFF_FFFFL) {
                throw new IllegalStateException("position " + position + " at offset " + offset
                        + " does not fit a segment's index");
            }
            if (added == entries.length) {
                entries = java.util.Arrays.copyOf(entries, added * 2);
            }
            entries[added++] = distance << 32 | offset;
        }

        void publish() {
            size = added;
        }

        int size() {
            return size;
        }

        long position(int i) {
            return firstPosition + (entries[i] >>> 32);
        }

        long offset(int i) {
            return entries[i] & 0xFFFF_FFFFL;
        }
    }

    /** A growable array of longs with one writer; {@link #publish()} makes what was added visible. */
    static final class Longs {
        private volatile long[] values = new long[4];
        private int added;
        private volatile int size;

        void add(long value) {
            if (added == values.length) {
                values = java.util.Arrays.copyOf(values, added * 2);
            }
            values[added++] = value;
        }

        void publish() {
            size = added;
        }

        int size() {
            return size;
        }

        long get(int i) {
            return values[i];
        }

        static int floor(Longs sorted, int n, long key) {
            int lo = 0;
            int hi = n - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted.get(mid) <= key) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found;
        }
    }
}

package dev.chorus.log.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The index of the active segment, in memory, in arrays rather than objects: an active segment holds tens of
 * thousands of streams, and an object or two per stream (as until 2026-11-27: a map node, a run and its array)
 * outlived many young collections, each of which copied them again. Here a segment's events are numbered from
 * its first position (positions in a segment are dense), and for each the index keeps its frame's offset, the
 * stream's previous and next events and its place in the stream; for each stream, its first version, its first and
 * last events and its id's UTF-8 bytes; and an open-addressing table from stream id to stream. A read finds its
 * first event from whichever end of the stream is nearer and follows the links from there, one entry at a time.
 *
 * <p>One writer adds; readers read concurrently. The writer fills an event's entries before it releases the link to
 * it (the stream's last event, the previous event's next), and a stream's entries before it releases its slot in the
 * table; readers acquire all three, so whatever they reach is complete. Arrays that fill up are copied into larger
 * ones, published together: a reader keeps the set it started with, whose entries are consistent with each other.
 * Readers skip what lies at or past the head (see {@link LogReader}); everything below it was added before the head
 * moved there.
 */
public final class MemIndex implements SegmentIndex {
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int NONE = -1;
    /** Offsets are kept as unsigned ints; a segment is far smaller. */
    private static final long MAX_OFFSET = 0xFFFF_FFFFL;
    /** The most entries of one kind an array holds. */
    private static final int MAX_ENTRIES = Integer.MAX_VALUE - 16;

    /** One consistent set of arrays; replaced whole when any of them grows. */
    private record Tables(int[] offsets, int[] previous, int[] following, int[] ordinals, long[] firstVersions,
                          int[] firsts, int[] lasts, int[] hashes, int[] nameEnds, byte[] names, int[] slots) {
        static Tables empty() {
            return new Tables(new int[64], new int[64], new int[64], new int[64], new long[16], new int[16],
                    new int[16], new int[16], new int[16], new byte[512], new int[32]);
        }
    }

    private volatile Tables tables = Tables.empty();
    final Longs sparsePositions = new Longs();
    final Longs sparseOffsets = new Longs();
    private long nextSparseAt;
    // the writer's
    private long firstPosition = -1;
    private int events;
    private int streams;
    private int nameBytes;

    /** Records one frame: {@code count} events of {@code streamId} from the given version and position. */
    public void add(String streamId, long firstVersion, long position, int count, long offset) {
        add(stream(streamId), streamId, firstVersion, position, count, offset);
    }

    /** The stream's number in this segment, or -1: the writer looks a stream up once per append. */
    int stream(String streamId) {
        return find(tables, streamId);
    }

    /**
     * As {@link #add(String, long, long, int, long)}, with the stream's number already looked up ({@link #stream}).
     * Positions follow on from the previous frame's.
     */
    void add(int stream, String streamId, long firstVersion, long position, int count, long offset) {
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalStateException("a frame at offset " + offset + " does not fit a segment's index");
        }
        if (firstPosition < 0) {
            firstPosition = position;
        } else if (position != firstPosition + events) {
            throw new IllegalStateException("position " + position + " does not follow " + (firstPosition + events - 1)
                    + " in this segment");
        }
        Tables t = withRoomFor(count, stream < 0 ? streamId.length() : -1);
        if (offset >= nextSparseAt) {
            sparsePositions.add(position);
            sparseOffsets.add(offset);
            sparseOffsets.publish();
            sparsePositions.publish();
            nextSparseAt = offset - offset % SPARSE_BYTES + SPARSE_BYTES;
        }
        boolean created = stream < 0;
        if (created) {
            stream = newStream(t, streamId, firstVersion);
            t.firsts[stream] = events;
        }
        int last = t.lasts[stream];
        int ordinal = last == NONE ? 0 : t.ordinals[last] + 1;
        for (int i = 0; i < count; i++) {
            int event = events++;
            t.offsets[event] = (int) offset;
            t.previous[event] = last;
            t.following[event] = NONE;
            t.ordinals[event] = ordinal++;
            if (last != NONE) {
                INTS.setRelease(t.following, last, event);
            }
            last = event;
        }
        INTS.setRelease(t.lasts, stream, last);
        if (created) {
            // only now can a reader find it: it has an event
            insert(t.slots, stream, t.hashes[stream]);
        }
    }

    /** The version of the stream's last event in this segment, or -1. Counts what the writer added but not synced. */
    public long lastVersion(String streamId) {
        Tables t = tables;
        return lastVersion(t, find(t, streamId));
    }

    /** As {@link #lastVersion(String)}, for the stream's number ({@link #stream}); -1 for none. */
    long lastVersion(int stream) {
        return lastVersion(tables, stream);
    }

    private static long lastVersion(Tables t, int stream) {
        if (stream < 0) {
            return -1;
        }
        int last = (int) INTS.getAcquire(t.lasts, stream);
        return t.firstVersions[stream] + t.ordinals[last];
    }

    @Override
    public long scanStart(long position) {
        int n = sparsePositions.size();
        int found = Longs.floor(sparsePositions, n, position);
        return found < 0 ? 0 : sparseOffsets.get(found);
    }

    @Override
    public EntryCursor entries(String streamId, long fromVersion, boolean forward) {
        Tables t = tables;
        int stream = find(t, streamId);
        if (stream < 0) {
            return EntryCursor.EMPTY;
        }
        long first = t.firstVersions[stream];
        int last = (int) INTS.getAcquire(t.lasts, stream);
        long lastVersion = first + t.ordinals[last];
        long start = forward ? Math.max(fromVersion, first) : Math.min(fromVersion, lastVersion);
        if (start < first || start > lastVersion) {
            return EntryCursor.EMPTY;
        }
        int at = (int) (start - first);
        int event;
        if (at <= t.ordinals[last] - at) {
            event = t.firsts[stream];
            for (int i = 0; i < at; i++) {
                event = (int) INTS.getAcquire(t.following, event);
            }
        } else {
            event = last;
            for (int i = t.ordinals[last]; i > at; i--) {
                event = t.previous[event];
            }
        }
        return cursor(t, first, event, forward);
    }

    /** From {@code start} on or back, a link at a time; forward it may pass the head, where the reader stops. */
    private EntryCursor cursor(Tables t, long firstVersion, int start, boolean forward) {
        long base = firstPosition;
        return new EntryCursor() {
            int event = NONE;
            boolean started;

            @Override
            public boolean next() {
                if (!started) {
                    started = true;
                    event = start;
                } else if (event != NONE) {
                    event = forward ? (int) INTS.getAcquire(t.following, event) : t.previous[event];
                }
                return event != NONE;
            }

            @Override
            public long version() {
                return firstVersion + t.ordinals[event];
            }

            @Override
            public long position() {
                return base + event;
            }

            @Override
            public long offset() {
                return Integer.toUnsignedLong(t.offsets[event]);
            }
        };
    }

    /** Streams in this segment, numbered from 0 in the order they first appeared. For the writer and the sealer. */
    int streamCount() {
        return streams;
    }

    String streamName(int stream) {
        Tables t = tables;
        int start = stream == 0 ? 0 : t.nameEnds[stream - 1];
        return new String(t.names, start, t.nameEnds[stream] - start, StandardCharsets.UTF_8);
    }

    /** All of the stream's entries here, in version order. */
    EntryCursor streamEntries(int stream) {
        Tables t = tables;
        return cursor(t, t.firstVersions[stream], t.firsts[stream], true);
    }

    /** Entries of the stream here. */
    int entryCount(int stream) {
        Tables t = tables;
        return t.ordinals[(int) INTS.getAcquire(t.lasts, stream)] + 1;
    }

    private static int find(Tables t, String streamId) {
        int mask = t.slots.length - 1;
        int hash = streamId.hashCode();
        for (int at = spread(hash) & mask; ; at = (at + 1) & mask) {
            int slot = (int) INTS.getAcquire(t.slots, at);
            if (slot == 0) {
                return NONE;
            }
            int stream = slot - 1;
            if (t.hashes[stream] == hash && sameName(t, stream, streamId)) {
                return stream;
            }
        }
    }

    private static int spread(int hash) {
        return (hash ^ (hash >>> 16)) * 0x9E3779B9;
    }

    private static boolean sameName(Tables t, int stream, String streamId) {
        int start = stream == 0 ? 0 : t.nameEnds[stream - 1];
        int length = t.nameEnds[stream] - start;
        int n = streamId.length();
        if (length == n) {
            for (int i = 0; i < n; i++) {
                char c = streamId.charAt(i);
                // a name of n bytes has no other character than ASCII if it is n characters long
                if (c >= 0x80 || t.names[start + i] != (byte) c) {
                    return false;
                }
            }
            return true;
        }
        byte[] utf8 = streamId.getBytes(StandardCharsets.UTF_8);
        return Arrays.equals(t.names, start, start + length, utf8, 0, utf8.length);
    }

    private int newStream(Tables t, String streamId, long firstVersion) {
        int stream = streams++;
        byte[] utf8 = streamId.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(utf8, 0, t.names, nameBytes, utf8.length);
        nameBytes += utf8.length;
        t.nameEnds[stream] = nameBytes;
        t.hashes[stream] = streamId.hashCode();
        t.firstVersions[stream] = firstVersion;
        t.lasts[stream] = NONE;
        return stream;
    }

    private static void insert(int[] slots, int stream, int hash) {
        int mask = slots.length - 1;
        int at = spread(hash) & mask;
        while (slots[at] != 0) {
            at = (at + 1) & mask;
        }
        INTS.setRelease(slots, at, stream + 1);
    }

    /**
     * The current arrays, or larger copies published in their place, with room for {@code count} events and, unless
     * {@code newStreamChars} is -1, a new stream whose id has that many chars.
     */
    private Tables withRoomFor(int count, int newStreamChars) {
        Tables t = tables;
        // UTF-8 takes at most three bytes per UTF-16 char (a surrogate pair: four for two)
        int nameLength = newStreamChars < 0 ? 0 : newStreamChars * 3;
        int streamsAfter = newStreamChars < 0 ? streams : streams + 1;
        if (events + count <= t.offsets.length && streamsAfter <= t.lasts.length
                && nameBytes + nameLength <= t.names.length && 2 * streamsAfter <= t.slots.length) {
            return t;
        }
        int eventRoom = grown(t.offsets.length, events + count);
        int streamRoom = grown(t.lasts.length, streamsAfter);
        // never shared with the set it replaces: a reader of that one must not find a stream it has no entries for
        int[] slots = t.slots.clone();
        if (2 * streamsAfter > slots.length) {
            slots = new int[Integer.highestOneBit(Math.max(4 * streamsAfter - 1, 1)) * 2];
            for (int s = 0; s < streams; s++) {
                insert(slots, s, t.hashes[s]);
            }
        }
        int nameRoom = grown(t.names.length, (long) nameBytes + nameLength);
        var grown = new Tables(Arrays.copyOf(t.offsets, eventRoom), Arrays.copyOf(t.previous, eventRoom),
                Arrays.copyOf(t.following, eventRoom), Arrays.copyOf(t.ordinals, eventRoom),
                Arrays.copyOf(t.firstVersions, streamRoom), Arrays.copyOf(t.firsts, streamRoom),
                Arrays.copyOf(t.lasts, streamRoom), Arrays.copyOf(t.hashes, streamRoom),
                Arrays.copyOf(t.nameEnds, streamRoom), Arrays.copyOf(t.names, nameRoom), slots);
        tables = grown;
        return grown;
    }

    private static int grown(int length, long needed) {
        if (needed > MAX_ENTRIES) {
            throw new IllegalStateException("a segment's index holds at most " + MAX_ENTRIES + " entries");
        }
        long size = length;
        while (size < needed) {
            size *= 2;
        }
        return (int) Math.min(size, MAX_ENTRIES);
    }

    /** A growable array of longs with one writer; {@link #publish()} makes what was added visible. */
    static final class Longs {
        private volatile long[] values = new long[4];
        private int added;
        private volatile int size;

        void add(long value) {
            if (added == values.length) {
                values = Arrays.copyOf(values, added * 2);
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

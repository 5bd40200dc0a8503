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
 * <p>The entries live in pages of {@value #PAGE} that never move once made: a growing index adds a page and copies
 * only the small table of pages, where whole arrays copied at each doubling were young garbage several megabytes
 * large, and their live successors copied again by every young collection until they were old.
 *
 * <p>One writer adds; readers read concurrently. The writer publishes a new page before anything in it, fills an
 * event's entries before it releases the link to it (the stream's last event, the previous event's next), and a
 * stream's entries before it releases its slot in the table; readers acquire all three and look pages up after
 * that, so whatever they reach is complete. Readers skip what lies at or past the head (see {@link LogReader});
 * everything below it was added before the head moved there.
 */
public final class MemIndex implements SegmentIndex {
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int NONE = -1;
    /** Offsets are kept as unsigned ints; a segment is far smaller. */
    private static final long MAX_OFFSET = 0xFFFF_FFFFL;
    private static final int PAGE_BITS = 10;
    private static final int PAGE = 1 << PAGE_BITS;
    /** The most pages of one kind: entries stay numbered by an int. */
    private static final int MAX_PAGES = Integer.MAX_VALUE >>> PAGE_BITS;
    /** Bytes of stream ids per page; a longer id gets a page of its own. */
    private static final int NAME_PAGE = 16 << 10;

    // an event's entries: its frame's offset, the stream's previous and next events, its place in the stream
    private static final int OFFSET = 0;
    private static final int PREVIOUS = 1;
    private static final int FOLLOWING = 2;
    private static final int ORDINAL = 3;
    private static final int EVENT_INTS = 4;
    // a stream's entries: its first and last events, its id's hash code, page, start and length
    private static final int FIRST = 0;
    private static final int LAST = 1;
    private static final int HASH = 2;
    private static final int NAME_IN = 3;
    private static final int NAME_AT = 4;
    private static final int NAME_LENGTH = 5;
    private static final int STREAM_INTS = 6;

    private volatile int[][] eventPages = new int[0][];
    private volatile int[][] streamPages = new int[0][];
    /** Each stream's first version here. */
    private volatile long[][] versionPages = new long[0][];
    private volatile byte[][] namePages = new byte[0][];
    private volatile int[] slots = new int[32];
    final Longs sparsePositions = new Longs();
    final Longs sparseOffsets = new Longs();
    private long nextSparseAt;
    // the writer's
    private long firstPosition = -1;
    private int events;
    private int streams;
    private int nameFill;

    /** Records one frame: {@code count} events of {@code streamId} from the given version and position. */
    public void add(String streamId, long firstVersion, long position, int count, long offset) {
        add(stream(streamId), streamId, firstVersion, position, count, offset);
    }

    /** The stream's number in this segment, or -1: the writer looks a stream up once per append. */
    int stream(String streamId) {
        return find(streamId);
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
        // Room first, so that an add that fails (out of memory) fails before it changes anything.
        int[][] pages = eventPages;
        if (pages.length << PAGE_BITS < (long) events + count) {
            eventPages = withPagesFor(pages, (long) events + count, PAGE * EVENT_INTS);
        }
        boolean created = stream < 0;
        byte[] name = created ? streamId.getBytes(StandardCharsets.UTF_8) : null;
        if (created) {
            roomForStream(name.length);
        }
        if (offset >= nextSparseAt) {
            sparsePositions.add(position);
            sparseOffsets.add(offset);
            sparseOffsets.publish();
            sparsePositions.publish();
            nextSparseAt = offset - offset % SPARSE_BYTES + SPARSE_BYTES;
        }
        if (created) {
            stream = newStream(streamId, name, firstVersion);
            streamPage(stream)[at(stream, FIRST, STREAM_INTS)] = events;
        }
        int[] streamPage = streamPage(stream);
        int last = streamPage[at(stream, LAST, STREAM_INTS)];
        int ordinal = last == NONE ? 0 : eventPage(last)[at(last, ORDINAL, EVENT_INTS)] + 1;
        for (int i = 0; i < count; i++) {
            int event = events++;
            int[] page = eventPage(event);
            page[at(event, OFFSET, EVENT_INTS)] = (int) offset;
            page[at(event, PREVIOUS, EVENT_INTS)] = last;
            page[at(event, FOLLOWING, EVENT_INTS)] = NONE;
            page[at(event, ORDINAL, EVENT_INTS)] = ordinal++;
            if (last != NONE) {
                INTS.setRelease(eventPage(last), at(last, FOLLOWING, EVENT_INTS), event);
            }
            last = event;
        }
        INTS.setRelease(streamPage, at(stream, LAST, STREAM_INTS), last);
        if (created) {
            // only now can a reader find it: it has an event
            insert(slots, stream, streamPage[at(stream, HASH, STREAM_INTS)]);
        }
    }

    /** The version of the stream's last event in this segment, or -1. Counts what the writer added but not synced. */
    public long lastVersion(String streamId) {
        return lastVersion(find(streamId));
    }

    /** As {@link #lastVersion(String)}, for the stream's number ({@link #stream}); -1 for none. */
    long lastVersion(int stream) {
        if (stream < 0) {
            return -1;
        }
        int last = lastEvent(stream);
        return firstVersion(stream) + ordinal(last);
    }

    @Override
    public long scanStart(long position) {
        int n = sparsePositions.size();
        int found = Longs.floor(sparsePositions, n, position);
        return found < 0 ? 0 : sparseOffsets.get(found);
    }

    @Override
    public EntryCursor entries(String streamId, long fromVersion, boolean forward) {
        int stream = find(streamId);
        if (stream < 0) {
            return EntryCursor.EMPTY;
        }
        long first = firstVersion(stream);
        int last = lastEvent(stream);
        int lastOrdinal = ordinal(last);
        long lastVersion = first + lastOrdinal;
        long start = forward ? Math.max(fromVersion, first) : Math.min(fromVersion, lastVersion);
        if (start < first || start > lastVersion) {
            return EntryCursor.EMPTY;
        }
        int at = (int) (start - first);
        int event;
        if (at <= lastOrdinal - at) {
            event = streamPage(stream)[at(stream, FIRST, STREAM_INTS)];
            for (int i = 0; i < at; i++) {
                event = following(event);
            }
        } else {
            event = last;
            for (int i = lastOrdinal; i > at; i--) {
                event = previous(event);
            }
        }
        return cursor(first, event, forward);
    }

    /** From {@code start} on or back, a link at a time; forward it may pass the head, where the reader stops. */
    private EntryCursor cursor(long firstVersion, int start, boolean forward) {
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
                    event = forward ? following(event) : previous(event);
                }
                return event != NONE;
            }

            @Override
            public long version() {
                return firstVersion + ordinal(event);
            }

            @Override
            public long position() {
                return base + event;
            }

            @Override
            public long offset() {
                return Integer.toUnsignedLong(eventPage(event)[at(event, OFFSET, EVENT_INTS)]);
            }
        };
    }

    /** Streams in this segment, numbered from 0 in the order they first appeared. For the writer and the sealer. */
    int streamCount() {
        return streams;
    }

    String streamName(int stream) {
        int[] page = streamPage(stream);
        return new String(namePages[page[at(stream, NAME_IN, STREAM_INTS)]], page[at(stream, NAME_AT, STREAM_INTS)],
                page[at(stream, NAME_LENGTH, STREAM_INTS)], StandardCharsets.UTF_8);
    }

    /** All of the stream's entries here, in version order. */
    EntryCursor streamEntries(int stream) {
        return cursor(firstVersion(stream), streamPage(stream)[at(stream, FIRST, STREAM_INTS)], true);
    }

    /** Entries of the stream here. */
    int entryCount(int stream) {
        return ordinal(lastEvent(stream)) + 1;
    }

    /** Where entry {@code field} of {@code entry} lies in its page, {@code width} ints per entry. */
    private static int at(int entry, int field, int width) {
        return (entry & (PAGE - 1)) * width + field;
    }

    private int[] eventPage(int event) {
        return eventPages[event >>> PAGE_BITS];
    }

    private int[] streamPage(int stream) {
        return streamPages[stream >>> PAGE_BITS];
    }

    private long firstVersion(int stream) {
        return versionPages[stream >>> PAGE_BITS][stream & (PAGE - 1)];
    }

    private int lastEvent(int stream) {
        return (int) INTS.getAcquire(streamPage(stream), at(stream, LAST, STREAM_INTS));
    }

    private int following(int event) {
        return (int) INTS.getAcquire(eventPage(event), at(event, FOLLOWING, EVENT_INTS));
    }

    private int previous(int event) {
        return eventPage(event)[at(event, PREVIOUS, EVENT_INTS)];
    }

    private int ordinal(int event) {
        return eventPage(event)[at(event, ORDINAL, EVENT_INTS)];
    }

    private int find(String streamId) {
        int[] table = slots;
        int mask = table.length - 1;
        int hash = streamId.hashCode();
        for (int at = spread(hash) & mask; ; at = (at + 1) & mask) {
            int slot = (int) INTS.getAcquire(table, at);
            if (slot == 0) {
                return NONE;
            }
            int stream = slot - 1;
            if (streamPage(stream)[at(stream, HASH, STREAM_INTS)] == hash && sameName(stream, streamId)) {
                return stream;
            }
        }
    }

    private static int spread(int hash) {
        return (hash ^ (hash >>> 16)) * 0x9E3779B9;
    }

    private boolean sameName(int stream, String streamId) {
        int[] page = streamPage(stream);
        byte[] names = namePages[page[at(stream, NAME_IN, STREAM_INTS)]];
        int start = page[at(stream, NAME_AT, STREAM_INTS)];
        int length = page[at(stream, NAME_LENGTH, STREAM_INTS)];
        int n = streamId.length();
        if (length == n) {
            for (int i = 0; i < n; i++) {
                char c = streamId.charAt(i);
                // a name of n bytes has no other character than ASCII if it is n characters long
                if (c >= 0x80 || names[start + i] != (byte) c) {
                    return false;
                }
            }
            return true;
        }
        byte[] utf8 = streamId.getBytes(StandardCharsets.UTF_8);
        return Arrays.equals(names, start, start + length, utf8, 0, utf8.length);
    }

    /**
     * Pages and a slot table with room for one more stream whose id takes {@code nameLength} bytes; the new ones are
     * published before the stream is. A reader still probing a replaced slot table finds what it held; nothing is
     * added to it any more.
     */
    private void roomForStream(int nameLength) {
        int stream = streams;
        if (versionPages.length << PAGE_BITS <= stream) {
            var versions = Arrays.copyOf(versionPages, versionPages.length + 1);
            versions[versionPages.length] = new long[PAGE];
            versionPages = versions;
        }
        if (streamPages.length << PAGE_BITS <= stream) {
            streamPages = withPagesFor(streamPages, stream + 1L, PAGE * STREAM_INTS);
        }
        byte[][] names = namePages;
        if (names.length == 0 || nameFill + nameLength > names[names.length - 1].length) {
            var grown = Arrays.copyOf(names, names.length + 1);
            grown[names.length] = new byte[Math.max(NAME_PAGE, nameLength)];
            namePages = grown;
            nameFill = 0;
        }
        int[] table = slots;
        if (2 * (stream + 1) > table.length) {
            int[] grown = new int[table.length * 2];
            for (int s = 0; s < stream; s++) {
                insert(grown, s, streamPage(s)[at(s, HASH, STREAM_INTS)]);
            }
            slots = grown;
        }
    }

    /** Enters a stream {@link #roomForStream} made room for; its slot comes once it has an event. */
    private int newStream(String streamId, byte[] name, long firstVersion) {
        int stream = streams;
        int namePage = namePages.length - 1;
        System.arraycopy(name, 0, namePages[namePage], nameFill, name.length);
        int[] page = streamPage(stream);
        page[at(stream, HASH, STREAM_INTS)] = streamId.hashCode();
        page[at(stream, NAME_IN, STREAM_INTS)] = namePage;
        page[at(stream, NAME_AT, STREAM_INTS)] = nameFill;
        page[at(stream, NAME_LENGTH, STREAM_INTS)] = name.length;
        page[at(stream, LAST, STREAM_INTS)] = NONE;
        versionPages[stream >>> PAGE_BITS][stream & (PAGE - 1)] = firstVersion;
        nameFill += name.length;
        streams++;
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

    /** A copy of {@code pages} with more pages of {@code pageInts} ints, so that it holds {@code entries}. */
    private static int[][] withPagesFor(int[][] pages, long entries, int pageInts) {
        long needed = (entries + PAGE - 1) >>> PAGE_BITS;
        if (needed > MAX_PAGES) {
            throw new IllegalStateException("a segment's index holds at most " + ((long) MAX_PAGES << PAGE_BITS)
                    + " entries of a kind");
        }
        var grown = Arrays.copyOf(pages, (int) needed);
        for (int p = pages.length; p < grown.length; p++) {
            grown[p] = new int[pageInts];
        }
        return grown;
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

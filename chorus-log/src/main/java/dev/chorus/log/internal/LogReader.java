package dev.chorus.log.internal;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.RecordedEvent;
import dev.chorus.log.LogCorrupted;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Reads through the indexes: the global order by scanning from a sparse-index offset, a stream by its
 * index entries, so a stream costs its own events and not the log's.
 */
public final class LogReader {
    /** A page of readAll stops early once it holds this many payload bytes, to bound memory. */
    private static final int PAGE_BYTES = 4 << 20;
    /** A point read starts with this much of its frame: most frames fit; a larger one is read again, whole. */
    private static final int POINT_READ = 512;
    /** Largest read buffer kept for the next page: one grown for a huge frame is let go. */
    private static final int MAX_SPARE = 1 << 20;
    private static final int SPARES = 32;

    private final Supplier<View> view;
    /**
     * Where recent pages ended: the offset in its segment of the frame that begins at a position, direct-mapped by
     * that position. A reader paging through the log, or waiting at the head, starts its next page there instead of
     * scanning (and checking) every frame from a sparse index entry again, which is up to 64 KiB of frames behind.
     * A frame's offset never changes once written, so one reader's entry serves all of them; entries are published
     * through final fields only, and a stale or missing one only costs that scan.
     */
    private final Resume[] resumes = new Resume[RESUME_SLOTS];

    private record Resume(long position, Segment segment, long offset) {}

    /**
     * Read buffers no page is using, one per reader running at once (a service's subscriptions all read the
     * head together): a page takes one and gives it back, instead of allocating its own.
     */
    private final AtomicReferenceArray<byte[]> spares = new AtomicReferenceArray<>(SPARES);

    private static final int RESUME_SLOTS = 1024;

    private final DecodedFrames decoded = new DecodedFrames();

    public LogReader(Supplier<View> view) {
        this.view = view;
    }

    public List<RecordedEvent> readAll(long from, int maxCount) {
        View v = view.get();
        long head = v.head();
        if (from >= head) {
            return new ArrayList<>(0);
        }
        // A reader at the head (most of them, most of the time) gets a page sized for the few events there.
        var page = new ArrayList<RecordedEvent>((int) Math.min(Math.min(maxCount, 256), head - from));
        byte[] buffer = takeSpare();
        try {
            long bytes = 0;
            var segments = v.segments();
            for (int s = v.segmentOf(from); s < segments.size(); s++) {
                Segment segment = segments.get(s);
                long start = segment.firstPosition() <= from ? startOffset(segment, from) : 0;
                // A full-sized buffer even for a short read: it is kept for the next page, which may be long.
                var reader = new SegmentReader(segment, start, segment.end(),
                        buffer == null ? new byte[SegmentReader.CHUNK] : buffer);
                long readTo = -1;
                try {
                    while (reader.next()) {
                        long frameEnd = reader.endPosition();
                        if (frameEnd <= from) {
                            continue;
                        }
                        if (reader.firstPosition() >= head) {
                            remember(segment, reader.firstPosition(), reader.frameOffset());
                            return page;
                        }
                        readTo = frameEnd;
                        for (RecordedEvent event : decoded.of(reader, head)) {
                            if (event.position() >= from) {
                                page.add(event);
                            }
                        }
                        bytes += reader.payloadLength();
                        if (page.size() >= maxCount || bytes >= PAGE_BYTES) {
                            if (page.size() <= maxCount) {
                                remember(segment, frameEnd, reader.nextOffset());
                                return page;
                            }
                            return new ArrayList<>(page.subList(0, maxCount));
                        }
                    }
                    if (readTo >= 0) {
                        // the next page begins where this segment's frames end for now
                        remember(segment, readTo, reader.nextOffset());
                    }
                } catch (FrameDamage damage) {
                    throw new LogCorrupted(segment.path(), damage.offset(), damage.reason());
                } finally {
                    buffer = reader.buffer();
                }
            }
            return page;
        } finally {
            if (buffer != null && buffer.length <= MAX_SPARE) {
                giveSpare(buffer);
            }
        }
    }

    private byte[] takeSpare() {
        for (int i = 0; i < SPARES; i++) {
            if (spares.getPlain(i) != null) {
                byte[] buffer = spares.getAndSet(i, null);
                if (buffer != null) {
                    return buffer;
                }
            }
        }
        return null;
    }

    private void giveSpare(byte[] buffer) {
        for (int i = 0; i < SPARES; i++) {
            if (spares.getPlain(i) == null && spares.compareAndSet(i, null, buffer)) {
                return;
            }
        }
    }

    private long startOffset(Segment segment, long from) {
        var resume = resumes[slot(from)];
        return resume != null && resume.position() == from && resume.segment() == segment ? resume.offset()
                : segment.index().scanStart(from);
    }

    private void remember(Segment segment, long nextPosition, long offset) {
        int slot = slot(nextPosition);
        var known = resumes[slot];
        if (known == null || known.position() != nextPosition || known.segment() != segment) {
            resumes[slot] = new Resume(nextPosition, segment, offset);
        }
    }

    private static int slot(long position) {
        return (int) (position & (RESUME_SLOTS - 1));
    }

    public List<RecordedEvent> readStream(String streamId, long fromVersion, boolean forward, int maxCount) {
        View v = view.get();
        return readStream(v.segments(), v.head(), streamId, fromVersion, forward, maxCount);
    }

    /** The version of the stream's last event below {@code head}, or {@link ExpectedVersion#NO_STREAM_VERSION}. */
    public long lastVersion(List<Segment> segments, long head, String streamId) {
        var last = readStream(segments, head, streamId, Long.MAX_VALUE, false, 1);
        return last.isEmpty() ? ExpectedVersion.NO_STREAM_VERSION : last.getFirst().version();
    }

    /** The last version of a stream in the sealed segments (all but the active one); for the writer. */
    public long sealedLastVersion(String streamId) {
        var segments = view.get().segments();
        return lastVersion(segments.subList(0, segments.size() - 1), Long.MAX_VALUE, streamId);
    }

    public long lastVersion(String streamId) {
        View v = view.get();
        return lastVersion(v.segments(), v.head(), streamId);
    }

    private List<RecordedEvent> readStream(List<Segment> segments, long head, String streamId, long fromVersion,
                                           boolean forward, int maxCount) {
        var page = new ArrayList<RecordedEvent>(Math.min(maxCount, 64));
        var cache = new FrameCache(decoded, head);
        for (int k = 0; k < segments.size(); k++) {
            Segment segment = segments.get(forward ? k : segments.size() - 1 - k);
            EntryCursor cursor = segment.index().entries(streamId, fromVersion, forward);
            while (cursor.next()) {
                if (cursor.position() >= head) {
                    if (forward) {
                        return page;
                    }
                    continue;
                }
                RecordedEvent event = cache.eventAt(segment, cursor.offset(), cursor.version(), streamId);
                if (event != null) {
                    page.add(event);
                    if (page.size() == maxCount) {
                        return page;
                    }
                }
            }
        }
        return page;
    }

    /** Decodes each frame once, however many of its events a stream read needs. */
    private static final class FrameCache {
        private final DecodedFrames decoded;
        private final long head;
        private Segment segment;
        private long offset = -1;
        private List<RecordedEvent> events = List.of();

        FrameCache(DecodedFrames decoded, long head) {
            this.decoded = decoded;
            this.head = head;
        }

        RecordedEvent eventAt(Segment at, long frameOffset, long version, String streamId) {
            if (at != segment || frameOffset != offset) {
                var reader = new SegmentReader(at, frameOffset, at.end(), POINT_READ);
                try {
                    if (!reader.next()) {
                        throw new LogCorrupted(at.path(), frameOffset, "index points past the end of the segment");
                    }
                } catch (FrameDamage damage) {
                    throw new LogCorrupted(at.path(), damage.offset(), damage.reason());
                }
                events = decoded.of(reader, head);
                segment = at;
                offset = frameOffset;
            }
            if (events.isEmpty() || !events.getFirst().streamId().equals(streamId)) {
                return null; // another stream with the same hash
            }
            long i = version - events.getFirst().version();
            if (i < 0 || i >= events.size()) {
                // the index names a version this record of the stream does not hold: the index is damaged, and
                // skipping the entry would hide an event (and let its version be appended again)
                throw new LogCorrupted(at.path(), frameOffset, "the index entry of " + streamId + " version " + version
                        + " points to a record of its versions " + events.getFirst().version() + " to "
                        + events.getLast().version() + ": the segment's index file is damaged; with the log"
                        + " stopped, 'chorus log repair' deletes it and the next open rebuilds it");
            }
            return events.get((int) i);
        }
    }
}

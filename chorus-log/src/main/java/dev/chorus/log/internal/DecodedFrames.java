package dev.chorus.log.internal;

import dev.chorus.core.RecordedEvent;
import java.util.List;

/**
 * The events of recently read frames, decoded once for every reader: a service's subscriptions all read the
 * same new frames within moments of each other, and decoding (strings, metadata maps, the payload copy) was
 * the larger part of what each of them spent reading. A frame's events never change once written, so an entry
 * found under a frame's first position is that frame. Direct-mapped and small: a reader far behind the others
 * misses and decodes for itself; what it finds is immutable and published through final fields only, so every
 * reader is handed the same events ({@link RecordedEvent#data()} copies the payload for whoever asks).
 */
final class DecodedFrames {
    private static final int SLOTS = 1024;
    /** Frames further than this below the head are read by one reader catching up: decoded for it alone, not kept. */
    private static final long NEAR_HEAD = 8 * SLOTS;
    /** Larger frames are decoded for each reader: kept, 1,024 of them could hold on to a gigabyte of payloads. */
    private static final int MAX_KEPT_PAYLOAD = 8 << 10;

    private record Frame(long firstPosition, List<RecordedEvent> events) {}

    private final Frame[] slots = new Frame[SLOTS];

    /** The events of the frame the reader is on, decoded now or copied from a decoding kept here. */
    List<RecordedEvent> of(SegmentReader reader, long head) {
        long first = reader.firstPosition();
        if (head - first > NEAR_HEAD || reader.payloadLength() > MAX_KEPT_PAYLOAD) {
            return FrameCodec.decode(reader.buffer(), reader.payloadOffset(), reader.payloadLength());
        }
        int slot = (int) (first & (SLOTS - 1));
        Frame kept = slots[slot];
        if (kept != null && kept.firstPosition() == first) {
            return kept.events();
        }
        var events = List.copyOf(FrameCodec.decode(reader.buffer(), reader.payloadOffset(), reader.payloadLength()));
        slots[slot] = new Frame(first, events);
        return events;
    }
}

package dev.chorus.log.internal;

import dev.chorus.core.EventType;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.UuidV7;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * One record per atomic append, so a crash can never leave half an append behind:
 * <pre>
 * frame   = magic:int32 | payloadLength:int32 | crc32c(payload):int32 | payload
 * payload = firstPosition:int64 | firstVersion:int64 | eventCount:int32 | streamId:str16 | eventCount × event
 * event   = typeName:str16 | typeVersion:int32 | flags:int16 | eventId | recordedAt | correlationId | causationId
 *           | otherCount:int16 | otherCount × (key:str16 | value:str32) | data:bytes32
 * </pre>
 * Big-endian; strings are UTF-8 prefixed by their byte length. The well-known metadata is compact: a
 * canonical UUID takes 16 bytes, a correlation or causation id equal to the event id takes none, and
 * flags say which form each one has. The magic lets a scan tell a torn tail (nothing valid after it)
 * from damage in the middle (valid records after it).
 */
public final class FrameCodec {
    public static final int MAGIC = 0xC4_0E_5E_01;
    public static final int HEADER = 12;
    static final int FIRST_POSITION = HEADER;
    static final int FIRST_VERSION = HEADER + 8;
    /** The smallest payload: positions, count and an empty-ish stream id. */
    public static final int MIN_PAYLOAD = 8 + 8 + 4 + 2 + 1;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private FrameCodec() {}

    /** Encodes a whole frame with zero positions; {@link #stamp} fills them in once the writer assigns them. */
    public static byte[] encode(String streamId, List<NewEvent> events) {
        return encode(streamId, events, null, null);
    }

    /**
     * As {@link #encode(String, List)}, stamping each event without metadata as it is written: a new UuidV7 event
     * id from {@code clock} (its correlation and causation id too) and {@code recordedAt}, the same bytes that
     * stamped metadata would have given.
     */
    public static byte[] encode(String streamId, List<NewEvent> events, String recordedAt, Clock clock) {
        byte[] stream = utf8(streamId);
        byte[] at = recordedAt == null ? null : utf8(recordedAt);
        var encoded = new EventBytes[events.size()];
        int size = HEADER + 8 + 8 + 4 + 2 + stream.length;
        for (int i = 0; i < encoded.length; i++) {
            NewEvent event = events.get(i);
            encoded[i] = at != null && event.metadata().isEmpty() ? new EventBytes(event, at, UuidV7.next(clock))
                    : new EventBytes(event);
            size += encoded[i].size;
        }
        byte[] frame = new byte[size];
        var out = new Cursor(frame, 0);
        out.putInt(MAGIC).putInt(size - HEADER).putInt(0).putLong(0).putLong(0).putInt(events.size());
        out.putStr16(stream);
        for (EventBytes event : encoded) {
            event.writeTo(out);
        }
        return frame;
    }

    private static final int ID_UUID = 1;
    private static final int ID_ABSENT = 1 << 1;
    private static final int REC_ABSENT = 1 << 2;
    private static final int SHIFT_CORRELATION = 3;
    private static final int SHIFT_CAUSATION = 6;
    private static final int REF_SAME = 1;
    private static final int REF_UUID = 1 << 1;
    private static final int REF_ABSENT = 1 << 2;

    /** One event's pieces, converted to bytes once so that the frame can be sized before it is filled. */
    private static final class EventBytes implements Uuids.Parsed {
        final byte[] name;
        final int typeVersion;
        final byte[] data;
        int flags;
        long idHigh;
        long idLow;
        byte[] id;
        byte[] recordedAt;
        final Ref correlation;
        final Ref causation;
        List<byte[]> others;
        int size;

        @Override
        public void uuid(long high, long low) {
            idHigh = high;
            idLow = low;
        }

        EventBytes(NewEvent event) {
            name = utf8(event.type().name());
            typeVersion = event.type().version();
            data = event.data();
            size = 2 + name.length + 4 + 2;
            // one pass over the metadata instead of a probe per well-known key and a set lookup per entry
            String eventId = null;
            String at = null;
            String correlationId = null;
            String causationId = null;
            for (var entry : event.metadata().entrySet()) {
                switch (entry.getKey()) {
                    case Metadata.EVENT_ID -> eventId = entry.getValue();
                    case Metadata.RECORDED_AT -> at = entry.getValue();
                    case Metadata.CORRELATION_ID -> correlationId = entry.getValue();
                    case Metadata.CAUSATION_ID -> causationId = entry.getValue();
                    default -> {
                        byte[] key = utf8(entry.getKey());
                        byte[] value = utf8(entry.getValue());
                        if (others == null) {
                            others = new ArrayList<>();
                        }
                        others.add(key);
                        others.add(value);
                        size += 2 + key.length + 4 + value.length;
                    }
                }
            }
            if (eventId == null) {
                flags |= ID_ABSENT;
            } else if (Uuids.parse(eventId, this)) {
                flags |= ID_UUID;
                size += 16;
            } else {
                id = utf8(eventId);
                size += 2 + id.length;
            }
            if (at == null) {
                flags |= REC_ABSENT;
            } else {
                recordedAt = utf8(at);
                size += 2 + recordedAt.length;
            }
            correlation = new Ref(correlationId, eventId);
            causation = new Ref(causationId, eventId);
            flags |= correlation.flags << SHIFT_CORRELATION | causation.flags << SHIFT_CAUSATION;
            size += correlation.size + causation.size + 2;
            size += 4 + data.length;
        }

        /** An event stamped here: its id, also its correlation and causation id, and its recorded-at. */
        EventBytes(NewEvent event, byte[] at, UUID eventId) {
            name = utf8(event.type().name());
            typeVersion = event.type().version();
            data = event.data();
            flags = ID_UUID | REF_SAME << SHIFT_CORRELATION | REF_SAME << SHIFT_CAUSATION;
            idHigh = eventId.getMostSignificantBits();
            idLow = eventId.getLeastSignificantBits();
            recordedAt = at;
            correlation = Ref.SAME;
            causation = Ref.SAME;
            size = 2 + name.length + 4 + 2 + 16 + 2 + at.length + 2 + 4 + data.length;
        }

        void writeTo(Cursor out) {
            out.putStr16(name).putInt(typeVersion).putShort(flags);
            if ((flags & ID_UUID) != 0) {
                out.putLong(idHigh).putLong(idLow);
            } else if (id != null) {
                out.putStr16(id);
            }
            if (recordedAt != null) {
                out.putStr16(recordedAt);
            }
            correlation.writeTo(out);
            causation.writeTo(out);
            if (others == null) {
                out.putShort(0);
            } else {
                out.putShort(others.size() / 2);
                for (int k = 0; k < others.size(); k += 2) {
                    out.putStr16(others.get(k)).putBytes32(others.get(k + 1));
                }
            }
            out.putBytes32(data);
        }
    }

    /** A correlation or causation id: the event's own id, a UUID, any other string, or absent. */
    private static final class Ref implements Uuids.Parsed {
        static final Ref SAME = new Ref("", "");
        final int flags;
        final int size;
        long high;
        long low;
        byte[] text;

        Ref(String value, String eventId) {
            if (value == null) {
                flags = REF_ABSENT;
                size = 0;
            } else if (value.equals(eventId)) {
                flags = REF_SAME;
                size = 0;
            } else if (Uuids.parse(value, this)) {
                flags = REF_UUID;
                size = 16;
            } else {
                flags = 0;
                text = utf8(value);
                size = 2 + text.length;
            }
        }

        @Override
        public void uuid(long high, long low) {
            this.high = high;
            this.low = low;
        }

        void writeTo(Cursor out) {
            if ((flags & REF_UUID) != 0) {
                out.putLong(high).putLong(low);
            } else if (text != null) {
                out.putStr16(text);
            }
        }

        static String read(Cursor in, int flags, String eventId) {
            if ((flags & REF_ABSENT) != 0) {
                return null;
            }
            if ((flags & REF_SAME) != 0) {
                return eventId;
            }
            if ((flags & REF_UUID) != 0) {
                return Uuids.format(in.getLong(), in.getLong());
            }
            return in.getStr16();
        }
    }

    /** Writes the assigned positions into an encoded frame and seals it with its checksum. */
    public static void stamp(byte[] frame, long firstPosition, long firstVersion) {
        LONG.set(frame, FIRST_POSITION, firstPosition);
        LONG.set(frame, FIRST_VERSION, firstVersion);
        INT.set(frame, 8, crc(frame, HEADER, frame.length - HEADER));
    }

    public static int eventCount(byte[] frame) {
        return (int) INT.get(frame, HEADER + 16);
    }

    public static int crc(byte[] bytes, int offset, int length) {
        var crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    public static int readInt(byte[] bytes, int offset) {
        return (int) INT.get(bytes, offset);
    }

    public static long readLong(byte[] bytes, int offset) {
        return (long) LONG.get(bytes, offset);
    }

    /** The fixed part of a payload, decoded without the events. */
    public record Head(long firstPosition, long firstVersion, int eventCount, String streamId) {
        public long endPosition() {
            return firstPosition + eventCount;
        }
    }

    public static Head decodeHead(byte[] payload, int offset, int length) {
        var in = new Cursor(payload, offset, offset + length);
        long firstPosition = in.getLong();
        long firstVersion = in.getLong();
        int count = in.getInt();
        String streamId = in.getStr16();
        if (count <= 0 || firstPosition < 0 || firstVersion < 0) {
            throw new IllegalArgumentException("implausible record head: count " + count + ", position "
                    + firstPosition + ", version " + firstVersion);
        }
        return new Head(firstPosition, firstVersion, count, streamId);
    }

    /** Decodes the events of a payload whose checksum was verified. */
    public static List<RecordedEvent> decode(byte[] payload, int offset, int length) {
        var in = new Cursor(payload, offset, offset + length);
        long firstPosition = in.getLong();
        long firstVersion = in.getLong();
        int count = in.getInt();
        String streamId = in.getStr16();
        var events = new ArrayList<RecordedEvent>(count);
        EventType type = null;
        int typeAt = -1;
        for (int i = 0; i < count; i++) {
            // Events of one append mostly share a type: the previous event's, if the name's bytes are the same.
            int nameAt = in.position();
            int nameEnd = in.skipStr16();
            int version = in.getInt();
            if (type == null || type.version() != version
                    || !Arrays.equals(payload, typeAt, typeAt + (nameEnd - nameAt), payload, nameAt, nameEnd)) {
                type = TYPES.of(new String(payload, nameAt + 2, nameEnd - nameAt - 2, StandardCharsets.UTF_8), version);
                typeAt = nameAt;
            }
            int flags = in.getShort();
            String eventId = null;
            if ((flags & ID_UUID) != 0) {
                eventId = Uuids.format(in.getLong(), in.getLong());
            } else if ((flags & ID_ABSENT) == 0) {
                eventId = in.getStr16();
            }
            String recordedAt = (flags & REC_ABSENT) == 0 ? in.getStr16() : null;
            String correlationId = Ref.read(in, flags >>> SHIFT_CORRELATION & 7, eventId);
            String causationId = Ref.read(in, flags >>> SHIFT_CAUSATION & 7, eventId);
            int others = in.getShort();
            Map<String, String> metadata;
            if (others == 0 && eventId != null && recordedAt != null && correlationId != null && causationId != null) {
                // the usual case, built immutable once: RecordedEvent keeps it without another copy
                metadata = Map.of(Metadata.EVENT_ID, eventId, Metadata.RECORDED_AT, recordedAt,
                        Metadata.CORRELATION_ID, correlationId, Metadata.CAUSATION_ID, causationId);
            } else {
                metadata = HashMap.newHashMap(4 + others);
                putIfPresent(metadata, Metadata.EVENT_ID, eventId);
                putIfPresent(metadata, Metadata.RECORDED_AT, recordedAt);
                putIfPresent(metadata, Metadata.CORRELATION_ID, correlationId);
                putIfPresent(metadata, Metadata.CAUSATION_ID, causationId);
                for (int k = 0; k < others; k++) {
                    metadata.put(in.getStr16(), in.getStr32());
                }
            }
            byte[] data = in.getBytes32();
            events.add(new RecordedEvent(firstPosition + i, streamId, firstVersion + i, type, data, metadata));
        }
        if (in.position() != offset + length) {
            throw new IllegalArgumentException("record has " + (offset + length - in.position()) + " trailing bytes");
        }
        return events;
    }

    private static final TypeCache TYPES = new TypeCache();

    /** Decoding a type again need not check its name again: it was checked when it was written. */
    private static final class TypeCache {
        private static final int MAX = 10_000;
        private final java.util.concurrent.ConcurrentHashMap<String, EventType> latest =
                new java.util.concurrent.ConcurrentHashMap<>();

        EventType of(String name, int version) {
            EventType known = latest.get(name);
            if (known != null && known.version() == version) {
                return known;
            }
            var type = new EventType(name, version);
            if (latest.size() >= MAX) {
                latest.clear();
            }
            latest.put(name, type);
            return type;
        }
    }

    private static void putIfPresent(Map<String, String> metadata, String key, String value) {
        if (value != null) {
            metadata.put(key, value);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final class Cursor {
        private final byte[] bytes;
        private final int limit;
        private int at;

        Cursor(byte[] bytes, int at) {
            this(bytes, at, bytes.length);
        }

        Cursor(byte[] bytes, int at, int limit) {
            this.bytes = bytes;
            this.at = at;
            this.limit = limit;
        }

        int position() {
            return at;
        }

        Cursor putInt(int v) {
            INT.set(bytes, at, v);
            at += 4;
            return this;
        }

        Cursor putShort(int v) {
            bytes[at] = (byte) (v >>> 8);
            bytes[at + 1] = (byte) v;
            at += 2;
            return this;
        }

        int getShort() {
            need(2);
            int v = (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
            at += 2;
            return v;
        }

        Cursor putLong(long v) {
            LONG.set(bytes, at, v);
            at += 8;
            return this;
        }

        Cursor putStr16(byte[] s) {
            bytes[at] = (byte) (s.length >>> 8);
            bytes[at + 1] = (byte) s.length;
            System.arraycopy(s, 0, bytes, at + 2, s.length);
            at += 2 + s.length;
            return this;
        }

        Cursor putBytes32(byte[] s) {
            putInt(s.length);
            System.arraycopy(s, 0, bytes, at, s.length);
            at += s.length;
            return this;
        }

        private void need(int n) {
            if (n < 0 || at + n > limit) {
                throw new IllegalArgumentException("record truncated: needs " + n + " bytes at " + at);
            }
        }

        int getInt() {
            need(4);
            int v = (int) INT.get(bytes, at);
            at += 4;
            return v;
        }

        long getLong() {
            need(8);
            long v = (long) LONG.get(bytes, at);
            at += 8;
            return v;
        }

        String getStr16() {
            need(2);
            int n = (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
            at += 2;
            need(n);
            String s = new String(bytes, at, n, StandardCharsets.UTF_8);
            at += n;
            return s;
        }

        /** Steps over a string of {@link #getStr16}; returns where it ends. */
        int skipStr16() {
            need(2);
            int n = (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
            at += 2;
            need(n);
            at += n;
            return at;
        }

        String getStr32() {
            int n = getInt();
            need(n);
            String s = new String(bytes, at, n, StandardCharsets.UTF_8);
            at += n;
            return s;
        }

        byte[] getBytes32() {
            int n = getInt();
            need(n);
            byte[] s = new byte[n];
            System.arraycopy(bytes, at, s, 0, n);
            at += n;
            return s;
        }
    }
}

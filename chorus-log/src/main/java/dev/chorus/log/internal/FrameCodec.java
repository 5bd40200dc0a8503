package dev.chorus.log.internal;

import dev.chorus.core.EventType;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * One record per atomic append, so a crash can never leave half an append behind:
 * <pre>
 * frame   = magic:int32 | payloadLength:int32 | crc32c(payload):int32 | payload
 * payload = firstPosition:int64 | firstVersion:int64 | eventCount:int32 | streamId:str16
 *           | eventCount × ( typeName:str16 | typeVersion:int32 | metadataCount:int32
 *                            | metadataCount × (key:str16 | value:str32) | data:bytes32 )
 * </pre>
 * Big-endian; strings are UTF-8 prefixed by their byte length. The magic lets a scan tell a torn
 * tail (nothing valid after it) from damage in the middle (valid records after it).
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
        byte[] stream = utf8(streamId);
        int size = HEADER + 8 + 8 + 4 + 2 + stream.length;
        var names = new byte[events.size()][];
        var metadata = new ArrayList<byte[][]>(events.size());
        for (int i = 0; i < events.size(); i++) {
            NewEvent event = events.get(i);
            names[i] = utf8(event.type().name());
            var pairs = new byte[event.metadata().size() * 2][];
            int k = 0;
            for (var entry : event.metadata().entrySet()) {
                pairs[k++] = utf8(entry.getKey());
                pairs[k++] = utf8(entry.getValue());
                size += 2 + pairs[k - 2].length + 4 + pairs[k - 1].length;
            }
            metadata.add(pairs);
            size += 2 + names[i].length + 4 + 4 + 4 + event.data().length;
        }
        byte[] frame = new byte[size];
        var out = new Cursor(frame, 0);
        out.putInt(MAGIC).putInt(size - HEADER).putInt(0).putLong(0).putLong(0).putInt(events.size());
        out.putStr16(stream);
        for (int i = 0; i < events.size(); i++) {
            NewEvent event = events.get(i);
            out.putStr16(names[i]).putInt(event.type().version());
            byte[][] pairs = metadata.get(i);
            out.putInt(pairs.length / 2);
            for (int k = 0; k < pairs.length; k += 2) {
                out.putStr16(pairs[k]).putBytes32(pairs[k + 1]);
            }
            out.putBytes32(event.data());
        }
        return frame;
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
        for (int i = 0; i < count; i++) {
            String name = in.getStr16();
            int version = in.getInt();
            int pairs = in.getInt();
            Map<String, String> metadata = HashMap.newHashMap(pairs);
            for (int k = 0; k < pairs; k++) {
                metadata.put(in.getStr16(), in.getStr32());
            }
            byte[] data = in.getBytes32();
            events.add(new RecordedEvent(firstPosition + i, streamId, firstVersion + i, new EventType(name, version),
                    data, metadata));
        }
        if (in.position() != offset + length) {
            throw new IllegalArgumentException("record has " + (offset + length - in.position()) + " trailing bytes");
        }
        return events;
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

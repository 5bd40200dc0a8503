package dev.chorus.core.lineage.internal;

import dev.chorus.core.EventType;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.CodecFailure;
import dev.chorus.core.lineage.LineageNode;
import dev.chorus.core.state.StateEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The lineage index: {@code lineage/<correlation>/<position>} holds, behind a format byte, either one compact node
 * (event id, causation id, type, stream id, recorded-at; format 1, whose position is the key's last segment) or a
 * chunk of a conversation's nodes from that position on, each with its position (format 2, what the index writes
 * now: one entry for up to {@link #CHUNK_NODES} events instead of one each). A conversation's entries scan in
 * the order of their first positions; its nodes are sorted by position after reading.
 */
public final class LineageKeys {
    public static final String PREFIX = "lineage/";
    /** The most nodes a chunk holds; the next event of its conversation starts a new one. */
    public static final int CHUNK_NODES = 16;
    private static final byte NODE = 1;
    private static final byte CHUNK = 2;

    private LineageKeys() {}

    public static String conversation(String correlationId) {
        return PREFIX + KeySegments.of(correlationId) + "/";
    }

    public static String node(RecordedEvent event) {
        return conversation(event.correlationId()) + KeySegments.pad(event.position());
    }

    /** One node as format 1 wrote it (until 2026-11-27): nothing writes it now but tests laying such entries down. */
    public static byte[] encode(RecordedEvent event) {
        var bytes = new ByteArrayOutputStream(128);
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(NODE);
            writeFields(out, event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A conversation's nodes in one entry, grown an event at a time; {@link #bytes()} is the entry's value. */
    public static final class Chunk {
        private final String key;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        private final DataOutputStream out = new DataOutputStream(bytes);
        private int nodes;

        /** A chunk that begins with {@code first}, under the key format 1 would have given it. */
        public Chunk(RecordedEvent first) {
            this.key = node(first);
            bytes.write(CHUNK);
        }

        public String key() {
            return key;
        }

        public boolean isFull() {
            return nodes >= CHUNK_NODES;
        }

        public void add(RecordedEvent event) {
            try {
                out.writeLong(event.position());
                writeFields(out, event);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            nodes++;
        }

        public byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    private static void writeFields(DataOutputStream out, RecordedEvent event) throws IOException {
        writeText(out, event.eventId());
        writeText(out, event.causationId());
        writeText(out, event.type().name());
        out.writeInt(event.type().version());
        writeText(out, event.streamId());
        var at = event.recordedAt();
        out.writeLong(at.getEpochSecond());
        out.writeInt(at.getNano());
    }

    /** The nodes of one entry, in either format. */
    public static List<LineageNode> decode(StateEntry entry) {
        var in = new DataInputStream(new ByteArrayInputStream(entry.value()));
        try (in) {
            byte format = in.readByte();
            if (format == NODE) {
                long position = Long.parseLong(entry.key().substring(entry.key().lastIndexOf('/') + 1));
                return List.of(readFields(in, position));
            }
            if (format != CHUNK) {
                throw new CodecFailure("lineage node", "unknown format " + format + "; written by a newer Chorus?",
                        null);
            }
            var nodes = new ArrayList<LineageNode>();
            while (in.available() > 0) {
                nodes.add(readFields(in, in.readLong()));
            }
            return nodes;
        } catch (IOException e) {
            throw new CodecFailure("lineage node", "truncated or damaged bytes at " + entry.key(), e);
        }
    }

    private static LineageNode readFields(DataInputStream in, long position) throws IOException {
        String eventId = readText(in);
        String causationId = readText(in);
        var type = EventType.of(readText(in), in.readInt());
        String streamId = readText(in);
        var recordedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
        return new LineageNode(eventId, type, streamId, position, recordedAt, causationId);
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("text length " + length + " beyond the data");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}

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

/**
 * The lineage index: {@code lineage/<correlation>/<position>} holds a compact node (event id, causation id,
 * type, stream id, recorded-at) behind a format byte; the position is the key's last segment, so a
 * conversation's nodes scan in log order.
 */
public final class LineageKeys {
    public static final String PREFIX = "lineage/";
    private static final byte FORMAT = 1;

    private LineageKeys() {}

    public static String conversation(String correlationId) {
        return PREFIX + KeySegments.of(correlationId) + "/";
    }

    public static String node(RecordedEvent event) {
        return conversation(event.correlationId()) + KeySegments.pad(event.position());
    }

    public static byte[] encode(RecordedEvent event) {
        var bytes = new ByteArrayOutputStream(128);
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writeText(out, event.eventId());
            writeText(out, event.causationId());
            writeText(out, event.type().name());
            out.writeInt(event.type().version());
            writeText(out, event.streamId());
            var at = event.recordedAt();
            out.writeLong(at.getEpochSecond());
            out.writeInt(at.getNano());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static LineageNode decode(StateEntry entry) {
        long position = Long.parseLong(entry.key().substring(entry.key().lastIndexOf('/') + 1));
        try (var in = new DataInputStream(new ByteArrayInputStream(entry.value()))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new CodecFailure("lineage node", "unknown format " + format + "; written by a newer Chorus?",
                        null);
            }
            String eventId = readText(in);
            String causationId = readText(in);
            var type = EventType.of(readText(in), in.readInt());
            String streamId = readText(in);
            var recordedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            return new LineageNode(eventId, type, streamId, position, recordedAt, causationId);
        } catch (IOException e) {
            throw new CodecFailure("lineage node", "truncated or damaged bytes at " + entry.key(), e);
        }
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

package dev.chorus.core.handler.internal;

import dev.chorus.core.EventType;
import dev.chorus.core.codec.CodecFailure;
import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetterStatus;
import dev.chorus.core.handler.Failure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A dead letter as bytes. Hand-written because the core has no serialisation library; the leading format
 * byte lets a later version read what this one wrote.
 */
public final class DeadLetterCodec {
    private static final byte FORMAT = 1;
    private static final byte OPEN = 0;
    private static final byte RETRY_REQUESTED = 1;
    private static final byte RESOLVED = 2;
    private static final byte DISCARDED = 3;

    private DeadLetterCodec() {}

    public static byte[] encode(DeadLetter letter) {
        var bytes = new ByteArrayOutputStream(256 + letter.failure().stackSummary().length());
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(letter.handler());
            out.writeLong(letter.position());
            writeText(out, letter.streamId());
            out.writeUTF(letter.eventType().name());
            out.writeInt(letter.eventType().version());
            out.writeUTF(letter.eventId());
            writeText(out, letter.failure().errorClass());
            writeText(out, letter.failure().message());
            writeText(out, letter.failure().stackSummary());
            out.writeInt(letter.attempts());
            writeInstant(out, letter.firstFailedAt());
            writeInstant(out, letter.lastFailedAt());
            out.writeBoolean(letter.parksStream());
            switch (letter.status()) {
                case DeadLetterStatus.Open open -> out.writeByte(OPEN);
                case DeadLetterStatus.RetryRequested requested -> {
                    out.writeByte(RETRY_REQUESTED);
                    writeInstant(out, requested.requestedAt());
                }
                case DeadLetterStatus.Resolved resolved -> {
                    out.writeByte(RESOLVED);
                    writeInstant(out, resolved.resolvedAt());
                }
                case DeadLetterStatus.Discarded discarded -> {
                    out.writeByte(DISCARDED);
                    writeInstant(out, discarded.discardedAt());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static DeadLetter decode(byte[] bytes) {
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new CodecFailure("dead letter", "unknown format " + format + "; written by a newer Chorus?");
            }
            String handler = in.readUTF();
            long position = in.readLong();
            String streamId = readText(in);
            var type = EventType.of(in.readUTF(), in.readInt());
            String eventId = in.readUTF();
            var failure = new Failure(readText(in), readText(in), readText(in));
            int attempts = in.readInt();
            Instant first = readInstant(in);
            Instant last = readInstant(in);
            boolean parks = in.readBoolean();
            byte tag = in.readByte();
            DeadLetterStatus status = switch (tag) {
                case OPEN -> DeadLetterStatus.open();
                case RETRY_REQUESTED -> new DeadLetterStatus.RetryRequested(readInstant(in));
                case RESOLVED -> new DeadLetterStatus.Resolved(readInstant(in));
                case DISCARDED -> new DeadLetterStatus.Discarded(readInstant(in));
                default -> throw new CodecFailure("dead letter", "unknown status " + tag);
            };
            return new DeadLetter(handler, position, streamId, type, eventId, failure, attempts, first, last, parks,
                    status);
        } catch (IOException e) {
            throw new CodecFailure("dead letter", "truncated or damaged bytes", e);
        }
    }

    // writeUTF stops at 64 KB; a stream id or summary is below that today, but the length prefix costs nothing.
    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("text length " + length + " beyond the data");
        }
        return new String(in.readNBytes(length), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeInstant(DataOutputStream out, Instant at) throws IOException {
        out.writeLong(at.getEpochSecond());
        out.writeInt(at.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}

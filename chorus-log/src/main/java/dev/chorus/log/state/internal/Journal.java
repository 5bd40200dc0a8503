package dev.chorus.log.state.internal;

import dev.chorus.log.internal.Runway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The journal being written: a header, then one frame per batch of commits, so a crash leaves whole batches or a
 * torn last frame and never part of a commit:
 * <pre>
 * file    = magic:int32 | format:int32 | generation:int64 | frame*
 * frame   = magic:int32 | payloadLength:int32 | crc32c(payload):int32 | payload
 * payload = generation:int64 | commitCount:int32 | commitCount × commit   (see {@link Commits})
 * </pre>
 * The generation in every frame means stale bytes from an older journal can never pass for a frame of this one.
 * A journal that is synced per batch is appended to over zeros written ahead ({@link Runway}); replay stops at
 * them, and closing cuts them off.
 */
public final class Journal implements AutoCloseable {
    static final int FILE_MAGIC = 0xC4_57_A7_E1;
    static final int FRAME_MAGIC = 0xC4_57_A7_F2;
    static final int FORMAT = 1;
    static final int HEADER = 16;
    static final int FRAME_HEADER = 12;
    static final int PAYLOAD_PREFIX = 12;
    /** Larger than any frame the writer makes (a batch stops growing at its limit, a commit is at most 1 GiB). */
    static final int MAX_PAYLOAD = (1 << 30) + (16 << 20);

    private final Path path;
    private final Runway file;
    private final long generation;
    private long size;

    private Journal(Path path, Runway file, long generation, long size) {
        this.path = path;
        this.file = file;
        this.generation = generation;
        this.size = size;
    }

    /**
     * Creates the journal of {@code generation}, header synced and name published before it is returned;
     * {@code synced}: it will be forced after every frame, so zeros are written ahead of its frames.
     */
    public static Journal create(Path dir, long generation, boolean synced) {
        Path path = StateFiles.journal(dir, generation);
        Path tmp = StateFiles.tmp(path);
        try {
            try (var channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                var header = ByteBuffer.allocate(HEADER).putInt(FILE_MAGIC).putInt(FORMAT).putLong(generation).flip();
                while (header.hasRemaining()) {
                    channel.write(header);
                }
                channel.force(true);
            }
            StateFiles.publish(tmp, path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path, e);
        }
        return openForAppend(path, generation, HEADER, synced);
    }

    /** Opens a recovered journal to append after its last valid frame, at {@code size}. */
    public static Journal openForAppend(Path path, long generation, long size, boolean synced) {
        try {
            var channel = FileChannel.open(path, StandardOpenOption.WRITE);
            try {
                return new Journal(path, new Runway(channel, path, size, Long.MAX_VALUE, synced), generation, size);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path, e);
        }
    }

    /** Writes one frame holding {@code bodies}, in one gathering write; durable only after {@link #force}. */
    public void append(List<byte[]> bodies) throws IOException {
        var crc = new CRC32C();
        var prefix = ByteBuffer.allocate(PAYLOAD_PREFIX).putLong(generation).putInt(bodies.size()).flip();
        crc.update(prefix.duplicate());
        long payload = PAYLOAD_PREFIX;
        var buffers = new ByteBuffer[bodies.size() + 2];
        for (int i = 0; i < bodies.size(); i++) {
            byte[] body = bodies.get(i);
            crc.update(body);
            payload += body.length;
            buffers[i + 2] = ByteBuffer.wrap(body);
        }
        buffers[0] = ByteBuffer.allocate(FRAME_HEADER).putInt(FRAME_MAGIC).putInt((int) payload)
                .putInt((int) crc.getValue()).flip();
        buffers[1] = prefix;
        file.write(buffers, size);
        size += FRAME_HEADER + payload;
    }

    public void force() throws IOException {
        file.force();
    }

    public long size() {
        return size;
    }

    public long generation() {
        return generation;
    }

    public Path path() {
        return path;
    }

    /** Cuts the zeros written ahead, if any, off the file, and closes it. */
    @Override
    public void close() {
        try (var channel = file.channel()) {
            file.cut();
        } catch (IOException ignored) {
            // every acknowledged frame was already forced (or the policy said not to); zeros left are no damage
        }
    }
}

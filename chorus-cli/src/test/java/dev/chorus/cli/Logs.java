package dev.chorus.cli;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.FsyncPolicy;
import dev.chorus.log.LogConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Real logs on disk for the CLI to look at: written, then damaged the way disks and crashes do. */
final class Logs {
    static final int SMALL_SEGMENT_BYTES = 4096;

    private Logs() {}

    static LogConfig smallSegments(Path dir) {
        return LogConfig.of(dir, c -> {
            c.segmentBytes = SMALL_SEGMENT_BYTES;
            c.fsync = FsyncPolicy.NEVER;
        });
    }

    /** Appends {@code count} events in segments of 4 KiB, alternating between streams {@code order-1} and {@code order-2}. */
    static void write(Path dir, int count) {
        write(smallSegments(dir), count);
    }

    /** Appends {@code count} events to one segment: the active one, which opening the log scans in full. */
    static void writeOneSegment(Path dir, int count) {
        write(LogConfig.of(dir, c -> c.fsync = FsyncPolicy.NEVER), count);
    }

    private static void write(LogConfig config, int count) {
        try (var log = EmbeddedLog.open(config)) {
            for (int i = 0; i < count; i++) {
                byte[] data = ("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(100) + "\"}").getBytes(StandardCharsets.UTF_8);
                log.append("order-" + (1 + i % 2), ExpectedVersion.any(),
                        List.of(NewEvent.of(EventType.of("OrderPlaced", 1), data)));
            }
        }
    }

    static List<Path> segments(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".seg")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a crash mid-write leaves: a partial record at the end of the last segment. Returns its offset. */
    static long tearTail(Path dir) throws IOException {
        Path last = segments(dir).getLast();
        long size = Files.size(last);
        Files.write(last, new byte[] {0x7f, 0x00, 0x00, 0x01, 0x42}, StandardOpenOption.APPEND);
        return size;
    }

    /** What a bad disk block does: flips one byte in the middle of the first segment. Returns its offset. */
    static long flipByteInFirstSegment(Path dir) throws IOException {
        return flipByteInTheMiddle(segments(dir).getFirst());
    }

    static long flipByteInLastSegment(Path dir) throws IOException {
        return flipByteInTheMiddle(segments(dir).getLast());
    }

    /** Flips a byte among the first sealed segment's index entries (past its 64-byte header); returns the index. */
    static Path flipByteInFirstIndex(Path dir) throws IOException {
        Path segment = segments(dir).getFirst();
        Path index = segment.resolveSibling(segment.getFileName().toString().replace(".seg", ".idx"));
        byte[] bytes = Files.readAllBytes(index);
        bytes[64 + 8] ^= (byte) 0xff;
        Files.write(index, bytes);
        return index;
    }

    private static long flipByteInTheMiddle(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        int at = bytes.length / 2;
        bytes[at] ^= (byte) 0xff;
        Files.write(segment, bytes);
        return at;
    }
}

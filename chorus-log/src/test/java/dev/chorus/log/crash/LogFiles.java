package dev.chorus.log.crash;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Damage done on purpose to the files of a closed log. Frames are found by reading the documented
 * format ({@code magic:int32 | payloadLength:int32 | crc:int32 | payload}, payload starting with
 * {@code firstPosition:int64}), not through the log's own reader.
 */
final class LogFiles {
    static final int FRAME_HEADER = 12;

    private LogFiles() {}

    static List<Path> segments(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.seg")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path index(Path segment) {
        return segment.resolveSibling(segment.getFileName().toString().replace(".seg", ".idx"));
    }

    static long firstPositionOf(Path segment) {
        return Long.parseLong(segment.getFileName().toString().substring(0, 20));
    }

    /** A frame of a segment file: where it starts, how long it is, and its first position. */
    record Frame(long offset, int length, long firstPosition) {
        long end() {
            return offset + length;
        }
    }

    static List<Frame> frames(Path segment) {
        var frames = new ArrayList<Frame>();
        try (var file = new RandomAccessFile(segment.toFile(), "r")) {
            long at = 0;
            while (at + FRAME_HEADER <= file.length()) {
                file.seek(at + 4);
                int payload = file.readInt();
                file.seek(at + FRAME_HEADER);
                frames.add(new Frame(at, FRAME_HEADER + payload, file.readLong()));
                at += FRAME_HEADER + payload;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return frames;
    }

    static void flipByte(Path file, long at) {
        try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            var one = ByteBuffer.allocate(1);
            channel.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).position(0);
            channel.write(one, at);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void truncate(Path file, long size) {
        try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void appendZeros(Path file, int count) {
        try {
            Files.write(file, new byte[count], StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The offset of the file's last byte that is not zero, or -1. */
    static long lastNonZero(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            for (int i = bytes.length - 1; i >= 0; i--) {
                if (bytes[i] != 0) {
                    return i;
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when every byte of the file from {@code from} on is zero (or there is none). */
    static boolean zerosFrom(Path file, long from) {
        return lastNonZero(file) < from;
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file of the directory by name, with its size and SHA-256, to show that nothing changed. */
    static Map<String, String> snapshot(Path dir) {
        var files = new TreeMap<String, String>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.toList()) {
                byte[] bytes = Files.readAllBytes(file);
                files.put(file.getFileName().toString(), bytes.length + " bytes, sha256 "
                        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }
}

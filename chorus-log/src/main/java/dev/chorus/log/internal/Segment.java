package dev.chorus.log.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One segment file, as readers see it: its first position, a read channel, its index and its readable end. */
public final class Segment {
    private final long firstPosition;
    private final Path path;
    private final FileChannel channel;
    private volatile SegmentIndex index;
    private volatile long end;

    public Segment(long firstPosition, Path path, SegmentIndex index, long end) {
        this.firstPosition = firstPosition;
        this.path = path;
        this.index = index;
        this.end = end;
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String fileName(long firstPosition) {
        return String.format("%020d.seg", firstPosition);
    }

    public static String indexName(long firstPosition) {
        return String.format("%020d.idx", firstPosition);
    }

    /** The first position of a segment or index file name, or -1 when it is not one. */
    public static long firstPositionOf(Path file, String suffix) {
        String name = file.getFileName().toString();
        if (name.length() != 20 + suffix.length() || !name.endsWith(suffix)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(0, 20));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public long firstPosition() {
        return firstPosition;
    }

    public Path path() {
        return path;
    }

    public FileChannel channel() {
        return channel;
    }

    public SegmentIndex index() {
        return index;
    }

    public void seal(SealedIndex sealed) {
        this.index = sealed;
    }

    /** Bytes of this segment that hold acknowledged (or, for the active one, written) frames. */
    public long end() {
        return end;
    }

    void end(long end) {
        this.end = end;
    }

    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a read channel loses nothing
        }
    }
}

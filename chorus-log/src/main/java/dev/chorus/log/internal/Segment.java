package dev.chorus.log.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * One segment file, as readers see it: its first position, a read channel, its index and its readable end.
 *
 * <p>Readers copy frames out of a read-only memory mapping of the file where it holds them, and read through the
 * channel where it does not: a copy from the mapping makes no system call, and a point read (one frame of a stream)
 * through the channel cost three times the CPU here. The writer sizes an active segment's file to the whole segment
 * when it opens it, so one mapping serves a segment from its first frame to its seal; a file that grows past its
 * mapping is mapped again, at most {@link #MAX_MAPPINGS} times, then read through the channel. Nothing is read from
 * the mapping at or past {@link #end()}, so a file later cut at its last frame is never read where it was cut.
 */
public final class Segment {
    /** Windows cannot cut a file while it is mapped; the log reads through channels there. */
    private static final boolean MAPPING = File.separatorChar == '/';
    static final int MAX_MAPPINGS = 4;

    private final long firstPosition;
    private final Path path;
    private final FileChannel channel;
    private volatile SegmentIndex index;
    private volatile long end;
    private volatile @Nullable MappedByteBuffer mapped;
    private volatile int mappings;

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

    /**
     * Copies {@code length} bytes of the file at {@code offset} into {@code into} from the mapping, or answers false
     * when the mapping does not hold them: the caller reads them through {@link #channel()}.
     */
    boolean copyMapped(long offset, byte[] into, int length) {
        MappedByteBuffer bytes = mapped;
        if (bytes == null || offset + length > bytes.capacity()) {
            bytes = mapAgain(offset + length);
            if (bytes == null) {
                return false;
            }
        }
        // Within the file and below the segment's end, the only faults are a disk that cannot read a page or a file
        // cut by someone else: the JVM reports those as an InternalError, where a channel read threw an IOException.
        bytes.get((int) offset, into, 0, length);
        return true;
    }

    private @Nullable MappedByteBuffer mapAgain(long needed) {
        if (!MAPPING || mappings >= MAX_MAPPINGS) {
            return null;
        }
        synchronized (this) {
            MappedByteBuffer bytes = mapped;
            if (bytes != null && needed <= bytes.capacity()) {
                return bytes;
            }
            if (mappings >= MAX_MAPPINGS) {
                return null;
            }
            try {
                long size = Math.min(channel.size(), Integer.MAX_VALUE);
                if (needed > size) {
                    return null;
                }
                mappings++;
                bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
                mapped = bytes;
                return bytes;
            } catch (IOException | UnsupportedOperationException e) {
                mappings = MAX_MAPPINGS; // a file system that maps nothing: the channel from now on
                return null;
            }
        }
    }

    /** How many times the file was mapped for reading; for tests. */
    int mappings() {
        return mappings;
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

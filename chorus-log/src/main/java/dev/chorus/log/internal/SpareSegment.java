package dev.chorus.log.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The next segment file, written full of zeros and synced ahead of the roll that needs it. Overwriting blocks
 * a file already has lets fdatasync skip journaling the file's growth: measured here, 0.21 ms instead of
 * 0.33 ms per fsync, and half the CPU per write. Recovery stops at the first all-zero header (see
 * {@link SegmentScan}), so the zeros past the last frame are neither data nor damage.
 *
 * <p>The spare is a {@code .tmp} file until a roll renames it to the new segment's name, so a crash at any
 * moment leaves either no trace (opening deletes temporaries) or a complete, synced, zero-filled segment.
 */
public final class SpareSegment {
    private static final Logger LOG = Logger.getLogger("dev.chorus.log");
    static final String NAME = "spare-segment.tmp";

    private final Path dir;
    private final Path spare;
    private final long bytes;
    private Thread preparing;
    private volatile boolean ready;
    private volatile boolean closed;

    public SpareSegment(Path dir, long bytes) {
        this.dir = dir;
        this.spare = dir.resolve(NAME);
        this.bytes = bytes;
    }

    /** Starts writing the spare in the background, unless it is written or being written. */
    public synchronized void prepare() {
        if (preparing != null || ready || closed) {
            return;
        }
        preparing = Thread.ofPlatform().name("chorus-log-spare").daemon(true).start(this::fill);
    }

    private void fill() {
        try (var channel = FileChannel.open(spare, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            // In forced steps: the log's own fsyncs go on meanwhile and must not wait behind 64 MiB of zeros.
            if (SteppedFiles.zeros(channel, bytes, () -> closed)) {
                ready = true;
            }
        } catch (IOException | UncheckedIOException e) {
            // without a spare the next segment starts empty, as an unprepared one always did
            LOG.log(Level.WARNING, "could not prepare the next segment file " + spare, e);
        }
    }

    /**
     * The file for a new segment starting at {@code firstPosition}: the spare renamed, when it was prepared
     * in time (waiting for one being written), else a new empty file. Either way the name is synced.
     */
    public Path take(long firstPosition) {
        Thread running;
        synchronized (this) {
            running = preparing;
        }
        awaitEnd(running);
        synchronized (this) {
            preparing = null;
            if (!ready || closed) {
                return Recovery.create(dir, firstPosition);
            }
            ready = false;
        }
        Path file = dir.resolve(Segment.fileName(firstPosition));
        try {
            Files.move(spare, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Recovery.syncDirectory(dir);
        return file;
    }

    /** Stops a spare being written and deletes it: a log that is closed needs none. */
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = preparing;
        }
        awaitEnd(running);
        Recovery.deleteIfExists(spare);
    }

    private static void awaitEnd(Thread running) {
        if (running != null) {
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package dev.chorus.log.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Large files removed beside a live log or state store, a step of {@link SteppedOutput#STEP} at a time,
 * each step synced before the next, so that the live files' fsyncs never queue behind one large change of the disk
 * or the file system's journal (see {@link SteppedOutput} for writing; for removing, measured here: unlinking a
 * 64 MiB file held a concurrent 600-byte append + fdatasync for 10.5 ms, truncating it a step at a time first for
 * at most 3.1 ms).
 */
public final class SteppedFiles {
    private SteppedFiles() {}

    /**
     * Deletes {@code file} after cutting it down a step at a time; returns whether it existed. Only for a file that
     * nothing will read again: a crash part way leaves it shorter. A file with other hard links (a backup made
     * with {@code cp -l}, say) or one this process may not write is unlinked whole instead: cutting it would
     * empty every name it has.
     */
    public static boolean delete(Path file) throws IOException {
        if (singlyLinked(file)) {
            try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                for (long size = channel.size(); size > SteppedOutput.STEP; ) {
                    size -= SteppedOutput.STEP;
                    channel.truncate(size);
                    channel.force(false);
                }
            } catch (NoSuchFileException gone) {
                return false;
            } catch (AccessDeniedException readOnly) {
                // unlinked whole below
            }
        }
        return Files.deleteIfExists(file);
    }

    private static boolean singlyLinked(Path file) throws IOException {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink")).intValue() == 1;
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return true;
        } catch (NoSuchFileException gone) {
            return false;
        }
    }
}

package dev.chorus.log.state.internal;

import dev.chorus.log.internal.SteppedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a state directory. Generation {@code g} has a journal {@code journal-g.log} of commits made after
 * snapshot {@code snapshot-g.state} (generation 0 has no snapshot: it starts empty). Both are written under a
 * {@code .tmp} name and renamed into place once complete and synced, so a visible name is always a whole file.
 */
public final class StateFiles {
    static final String JOURNAL = "journal-";
    static final String JOURNAL_SUFFIX = ".log";
    static final String SNAPSHOT = "snapshot-";
    static final String SNAPSHOT_SUFFIX = ".state";
    static final String TMP = ".tmp";

    private StateFiles() {}

    public static Path journal(Path dir, long generation) {
        return dir.resolve(JOURNAL + digits(generation) + JOURNAL_SUFFIX);
    }

    public static Path snapshot(Path dir, long generation) {
        return dir.resolve(SNAPSHOT + digits(generation) + SNAPSHOT_SUFFIX);
    }

    static Path tmp(Path file) {
        return file.resolveSibling(file.getFileName() + TMP);
    }

    /** Generations with a journal, ascending. */
    public static List<Long> journals(Path dir) {
        return generations(dir, JOURNAL, JOURNAL_SUFFIX);
    }

    /** Generations with a snapshot, ascending. */
    public static List<Long> snapshots(Path dir) {
        return generations(dir, SNAPSHOT, SNAPSHOT_SUFFIX);
    }

    static List<Path> temporaries(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(TMP)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Long> generations(Path dir, String prefix, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> generationOf(f.getFileName().toString(), prefix, suffix))
                    .filter(g -> g >= 0).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long generationOf(String name, String prefix, String suffix) {
        if (!name.startsWith(prefix) || !name.endsWith(suffix)
                || name.length() != prefix.length() + 16 + suffix.length()) {
            return -1;
        }
        String digits = name.substring(prefix.length(), prefix.length() + 16);
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }

    private static String digits(long generation) {
        return String.format("%016d", generation);
    }

    /** Renames a complete, synced temporary file into place, and syncs the directory so the name survives a crash. */
    static void publish(Path tmp, Path target) throws IOException {
        Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(target.getParent());
    }

    static void syncDirectory(Path dir) throws IOException {
        try (var channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory; there a rename is as durable as the OS makes it.
            if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
                throw e;
            }
        }
    }

    /**
     * Deletes journals and snapshots older than {@code generation}: a snapshot of {@code generation} replaces them.
     * A step at a time ({@link SteppedFiles#delete}): the store's own journal goes on syncing meanwhile.
     */
    static int deleteBefore(Path dir, long generation) throws IOException {
        int deleted = 0;
        for (long g : journals(dir)) {
            if (g < generation && SteppedFiles.delete(journal(dir, g))) {
                deleted++;
            }
        }
        for (long g : snapshots(dir)) {
            if (g < generation && SteppedFiles.delete(snapshot(dir, g))) {
                deleted++;
            }
        }
        return deleted;
    }
}

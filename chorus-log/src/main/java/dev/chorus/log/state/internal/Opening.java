package dev.chorus.log.state.internal;

import dev.chorus.core.state.StateWrite;
import dev.chorus.log.state.StateRecovery;
import dev.chorus.log.state.StateStoreCorrupted;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * Rebuilds the map from a state directory: the newest snapshot, then every journal from its generation on, in
 * order. What an interrupted compaction leaves is harmless by construction, and cleaned up here: a temporary file
 * was never published; a journal newer than the newest snapshot is replayed after it; files older than the newest
 * snapshot are what it replaced.
 */
public final class Opening {
    /** The map, the journal to go on appending to, and what was found. */
    public record Opened(StateMap map, Journal journal, StateRecovery report) {}

    private Opening() {}

    /** {@code synced}: the store forces its journal after every batch (see {@link Journal#create}). */
    public static Opened open(Path dir, boolean synced) {
        var map = StateMap.open();
        try {
            return open(dir, map, synced);
        } catch (RuntimeException | Error e) {
            map.close();
            throw e;
        }
    }

    private static Opened open(Path dir, StateMap map, boolean synced) {
        try {
            List<Long> snapshots = StateFiles.snapshots(dir);
            List<Long> journals = StateFiles.journals(dir);
            long base = snapshots.isEmpty() ? 0 : snapshots.getLast();
            long snapshotEntries = 0;
            if (!snapshots.isEmpty()) {
                for (SortedRun run : SnapshotFile.load(StateFiles.snapshot(dir, base), base)) {
                    map.loadOldest(run);
                    snapshotEntries += run.count();
                }
            }
            List<Long> live = journals.stream().filter(g -> g >= base).toList();
            if (live.isEmpty() && (!snapshots.isEmpty() || !journals.isEmpty())) {
                throw new StateStoreCorrupted(StateFiles.journal(dir, base), 0, "the journal of generation " + base
                        + " is missing; it is created before the snapshot that starts it");
            }
            for (int i = 0; i < live.size(); i++) {
                if (live.get(i) != base + i) {
                    throw new StateStoreCorrupted(StateFiles.journal(dir, base + i), 0, "the journal of generation "
                            + (base + i) + " is missing, and generation " + live.get(i) + " follows it");
                }
            }
            if (live.isEmpty()) {
                int removed = cleanUp(dir, base);
                var journal = Journal.create(dir, 0, synced);
                return new Opened(map, journal, new StateRecovery(0, 0, 0, 0, 0, 0, Optional.empty(), 0, removed));
            }
            long commits = 0;
            Optional<Path> torn = Optional.empty();
            long truncated = 0;
            long end = 0;
            long bytes = 0;
            for (int i = 0; i < live.size(); i++) {
                long generation = live.get(i);
                Path file = StateFiles.journal(dir, generation);
                var result = JournalScan.replay(file, generation, commit -> apply(map, commit));
                commits += result.commits();
                end = result.validEnd();
                bytes += end - Journal.HEADER;
                if (result.bad().isPresent()) {
                    var bad = result.bad().get();
                    // Only the newest journal can end torn: an older one was synced whole before the next began.
                    if (!bad.tornTail() || i < live.size() - 1) {
                        throw new StateStoreCorrupted(file, bad.offset(), bad.reason()
                                + (bad.tornTail() ? " at the end of a journal that a newer one follows"
                                : ", with valid frames after it"));
                    }
                    truncated = truncate(file, bad.offset());
                    torn = Optional.of(file);
                }
            }
            // Only once everything checked out: a refused open leaves the files as they were, for a look.
            int removed = cleanUp(dir, base);
            long generation = live.getLast();
            var journal = Journal.openForAppend(StateFiles.journal(dir, generation), generation, end, synced);
            return new Opened(map, journal, new StateRecovery(generation, snapshotEntries, live.size(), commits,
                    bytes, size(map), torn, truncated, removed));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the state store in " + dir, e);
        }
    }

    /** Applies one commit's writes, in order, to {@code map}. */
    private static void apply(StateMap map, List<StateWrite> commit) {
        map.lock().writeLock().lock();
        try {
            map.apply(commit);
        } finally {
            map.lock().writeLock().unlock();
        }
    }

    private static long size(StateMap map) {
        map.lock().readLock().lock();
        try {
            return map.size();
        } finally {
            map.lock().readLock().unlock();
        }
    }

    /** Deletes temporary files, and the files that the snapshot of {@code base} replaces. */
    private static int cleanUp(Path dir, long base) throws IOException {
        int removed = 0;
        for (Path tmp : StateFiles.temporaries(dir)) {
            Files.delete(tmp);
            removed++;
        }
        return removed + StateFiles.deleteBefore(dir, base);
    }

    private static long truncate(Path file, long at) throws IOException {
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long cut = channel.size() - at;
            channel.truncate(at);
            channel.force(true);
            return cut;
        }
    }
}

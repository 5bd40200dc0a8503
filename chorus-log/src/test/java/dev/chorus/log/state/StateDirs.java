package dev.chorus.log.state;

import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import dev.chorus.log.state.internal.Commits;
import dev.chorus.log.state.internal.Journal;
import dev.chorus.log.state.internal.SnapshotFile;
import dev.chorus.log.state.internal.StateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Stream;

/** Helpers for the state store's tests: reading a store whole, listing its files, and laying files down by hand. */
final class StateDirs {
    private StateDirs() {}

    static EmbeddedStateStore open(Path dir) {
        return EmbeddedStateStore.open(StateStoreConfig.defaults(dir));
    }

    static EmbeddedStateStore open(Path dir, long compactAfterBytes) {
        return EmbeddedStateStore.open(StateStoreConfig.of(dir, c -> c.compactAfterBytes = compactAfterBytes));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static StateWrite put(String key, String value) {
        return StateWrite.put(key, bytes(value));
    }

    /** Every entry of {@code store}, paging through it. */
    static List<StateEntry> everything(StateStore store) {
        var all = new ArrayList<StateEntry>();
        String after = "";
        List<StateEntry> page;
        do {
            page = store.scan("", after, 500);
            all.addAll(page);
            if (!page.isEmpty()) {
                after = page.getLast().key();
            }
        } while (page.size() == 500);
        return all;
    }

    /** The names of the files in {@code dir}, sorted, without the lock. */
    static List<String> files(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(name -> !name.equals("LOCK")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path journal(Path dir, long generation) {
        return StateFiles.journal(dir, generation);
    }

    static Path snapshot(Path dir, long generation) {
        return StateFiles.snapshot(dir, generation);
    }

    /** Writes the journal of {@code generation} as the store's writer would, one frame per commit. */
    static void writeJournal(Path dir, long generation, List<List<StateWrite>> commits) throws IOException {
        Files.createDirectories(dir);
        try (var journal = Journal.create(dir, generation, false)) {
            for (var commit : commits) {
                journal.append(List.of(Commits.prepare(commit, StateStoreConfig.DEFAULT_MAX_COMMIT_BYTES).body()));
            }
            journal.force();
        }
    }

    static void writeSnapshot(Path dir, long generation, SortedMap<String, byte[]> entries) throws IOException {
        SnapshotFile.write(dir, generation, entries);
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] content = Files.readAllBytes(file);
        content[(int) offset] ^= 0x5A;
        Files.write(file, content);
    }

    static void truncate(Path file, long size) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    static void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, java.nio.file.StandardOpenOption.APPEND);
    }
}

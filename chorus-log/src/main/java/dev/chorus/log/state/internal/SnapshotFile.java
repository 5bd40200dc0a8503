package dev.chorus.log.state.internal;

import dev.chorus.core.state.StateStore;
import dev.chorus.log.internal.SteppedOutput;
import dev.chorus.log.internal.Throttle;
import dev.chorus.log.state.StateStoreCorrupted;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The whole map at the start of a generation, in key order:
 * <pre>
 * file    = magic:int32 | format:int32 | generation:int64 | entryCount:int64 | entryCount × entry | trailer
 * entry   = keyLength:uint16 | key:UTF-8 | valueLength:int32 | value
 * trailer = endMagic:int32 | crc32c(everything before the trailer):int32
 * </pre>
 * Written under a temporary name, synced, then renamed: a snapshot with its real name is complete, so any fault in
 * one is damage.
 */
public final class SnapshotFile {
    static final int MAGIC = 0xC4_57_A7_5A;
    static final int END_MAGIC = 0xC4_57_A7_E0;
    static final int FORMAT = 1;
    /** The smallest entry: a one-byte key and an empty value. */
    private static final int MIN_ENTRY_BYTES = 2 + 1 + 4;
    private static final int MAX_RUN_ENTRIES = Integer.MAX_VALUE / 3 - 16;

    private SnapshotFile() {}

    /** Writes a sorted map's entries as the snapshot of {@code generation}, and publishes it (tests write old data). */
    public static long write(Path dir, long generation, SortedMap<String, byte[]> entries) throws IOException {
        return write(dir, generation, entries.size(), out -> {
            for (var entry : entries.entrySet()) {
                byte[] key = entry.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeShort(key.length);
                out.write(key);
                out.writeInt(entry.getValue().length);
                out.write(entry.getValue());
            }
        });
    }

    /**
     * Writes the entries of {@code frozen} runs ({@link StateMap#freeze}) as the snapshot of {@code generation},
     * resting as {@code throttle} says between entries (the compaction thread's: a snapshot has no deadline).
     */
    public static long write(Path dir, long generation, List<SortedRun> frozen, Throttle throttle) throws IOException {
        long count = 0;
        for (var cursor = StateMap.entries(frozen); cursor.next(); ) {
            if ((++count & 1023) == 0) {
                throttle.tick();
            }
        }
        return write(dir, generation, count, out -> {
            long written = 0;
            for (var cursor = StateMap.entries(frozen); cursor.next(); ) {
                cursor.writeTo(out);
                if ((++written & 1023) == 0) {
                    throttle.tick();
                }
            }
        });
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** Writes {@code count} entries as the snapshot of {@code generation} and publishes it; returns its size in bytes. */
    private static long write(Path dir, long generation, long count, Body body) throws IOException {
        Path path = StateFiles.snapshot(dir, generation);
        Path tmp = StateFiles.tmp(path);
        long size;
        try (var channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            // In forced steps: the journal's and the log's fsyncs go on meanwhile and must not wait behind it all.
            var raw = new SteppedOutput(channel);
            var checked = new CheckedOutputStream(raw, new CRC32C());
            var out = new DataOutputStream(checked);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeLong(generation);
            out.writeLong(count);
            body.write(out);
            out.flush();
            int crc = (int) checked.getChecksum().getValue();
            var trailer = new DataOutputStream(raw);
            trailer.writeInt(END_MAGIC);
            trailer.writeInt(crc);
            trailer.flush();
            raw.finish();
            size = channel.size();
        }
        StateFiles.publish(tmp, path);
        return size;
    }

    /**
     * The entries of the snapshot of {@code generation}, as runs of ascending, disjoint key ranges (one unless it
     * passes {@link SortedRun#MAX_DATA} bytes); anything wrong with it is {@link StateStoreCorrupted}.
     */
    public static List<SortedRun> load(Path file, long generation) {
        var runs = new ArrayList<SortedRun>();
        long offset = 0;
        try (var raw = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            long fileSize = Files.size(file);
            var checked = new CheckedInputStream(raw, new CRC32C());
            var in = new DataInputStream(checked);
            if (in.readInt() != MAGIC || in.readInt() != FORMAT || in.readLong() != generation) {
                throw new StateStoreCorrupted(file, 0, "not a snapshot of generation " + generation + " in format "
                        + FORMAT);
            }
            long count = in.readLong();
            offset = 24;
            if (count < 0) {
                throw new StateStoreCorrupted(file, 16, "an entry count of " + count);
            }
            SortedRun.Builder builder = null;
            byte[] previous = null;
            for (long i = 0; i < count; i++) {
                int keyLength = in.readUnsignedShort();
                if (keyLength == 0 || keyLength > StateStore.MAX_KEY_BYTES) {
                    throw new StateStoreCorrupted(file, offset, "a key of " + keyLength + " bytes");
                }
                byte[] key = in.readNBytes(keyLength);
                if (key.length < keyLength) {
                    throw new EOFException();
                }
                int valueLength = in.readInt();
                if (valueLength < 0 || valueLength > Commits.MAX_VALUE_BYTES) {
                    throw new StateStoreCorrupted(file, offset, "a value of " + valueLength + " bytes");
                }
                byte[] value = in.readNBytes(valueLength);
                if (value.length < valueLength) {
                    throw new EOFException();
                }
                if (previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
                    throw new StateStoreCorrupted(file, offset, "keys out of order");
                }
                if (builder == null || !builder.fits(keyLength + valueLength)) {
                    if (builder != null) {
                        runs.add(builder.build());
                    }
                    // Sized by what the rest of the file can hold, so a count that lies allocates no more than that.
                    long rest = Math.max(fileSize - offset, keyLength + valueLength);
                    builder = new SortedRun.Builder((int) Math.min(Math.min(count - i, rest / MIN_ENTRY_BYTES + 1),
                            MAX_RUN_ENTRIES), Math.min(rest, SortedRun.MAX_DATA));
                }
                builder.add(key, value);
                previous = key;
                offset += 2 + keyLength + 4 + valueLength;
            }
            int crc = (int) checked.getChecksum().getValue();
            if (in.readInt() != END_MAGIC) {
                throw new StateStoreCorrupted(file, offset, "no end magic after " + count + " entries");
            }
            if (in.readInt() != crc) {
                throw new StateStoreCorrupted(file, offset, "a CRC32C mismatch");
            }
            if (in.read() >= 0) {
                throw new StateStoreCorrupted(file, offset + 8, "bytes after the trailer");
            }
            if (builder != null) {
                runs.add(builder.build());
            }
            return runs;
        } catch (EOFException e) {
            throw new StateStoreCorrupted(file, offset, "the snapshot ends early");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

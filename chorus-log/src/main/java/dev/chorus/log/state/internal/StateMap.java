package dev.chorus.log.state.internal;

import dev.chorus.core.state.StateWrite;
import dev.chorus.log.internal.Throttle;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The state store's whole map, in memory but mostly not as objects: the latest writes in a small sorted map, and
 * everything older in immutable {@link SortedRun}s of one array each, newest first; a key's newest entry wins, and
 * an entry may record its key's removal. Once the small map holds {@link #flushAt} keys it becomes a run; a
 * background thread merges {@link #MERGE_WIDTH} or more adjacent runs of about the same size into one (each run of
 * the group holds at most twice the entries of the newer ones together), so a store of n entries is a handful of
 * runs and an entry is copied about log4 of n / {@code flushAt} times in its life. Merging two at a time, as until
 * 2026-11-27, copied every entry about twice as often, and in the shop those copies were most of what the process
 * allocated in arrays large enough to go straight to the old generation, whose growth started its concurrent
 * collections. Kept as a map of strings and arrays, every entry was four objects that each young collection of the
 * process copied until they were old (the shop's state store: eight entries, 2.8 KB, per order; see
 * docs/state-store.md).
 *
 * <p>Reads hold {@link #lock()}'s read lock, writes its write lock; runs are immutable, so a merge is built
 * outside the lock and only swapped in under it.
 */
public final class StateMap implements AutoCloseable {
    public static final int FLUSH_AT = 4096;
    /** The fewest runs merged at once. */
    static final int MERGE_WIDTH = 4;
    /** Past this many runs, the newest are merged {@link #MERGE_WIDTH} at a time whatever their sizes. */
    static final int MAX_RUNS = 16;
    /** Or once the small map's keys and values pass this many bytes, whichever comes first. */
    static final long FLUSH_BYTES = 64L << 20;
    /** Marks a removal in the small map. */
    private static final byte[] REMOVED = new byte[0];
    private static final Logger LOG = Logger.getLogger("dev.chorus.log");

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final int flushAt;
    /** {@link SortedRun#MAX_DATA}, but for tests. */
    private final long maxRunBytes;
    /** {@link #MERGE_WIDTH}, but for tests. */
    private final int mergeWidth;
    private final KeyOrder order = new KeyOrder();
    private TreeMap<String, byte[]> recent = new TreeMap<>(order);
    private long recentBytes;
    private volatile List<SortedRun> runs = List.of();
    /** Set by the first write: {@link #loadOldest} is for before it, when no merge can have dropped a removal. */
    private boolean applied;
    private final @Nullable Thread merger;
    /** The merger's: merges wait, the live paths do not. */
    private final Throttle throttle;
    private volatile boolean closed;
    private volatile long merges;

    private StateMap(int flushAt, long maxRunBytes, int mergeWidth, boolean background) {
        this.flushAt = flushAt;
        this.maxRunBytes = maxRunBytes;
        this.mergeWidth = mergeWidth;
        this.throttle = background ? Throttle.half() : Throttle.none();
        this.merger = background
                ? Thread.ofPlatform().name("chorus-state-merge").daemon(true).unstarted(this::mergeLoop) : null;
    }

    /** A map that merges its runs on a thread of its own; {@link #close} stops it. */
    public static StateMap open() {
        var map = new StateMap(FLUSH_AT, SortedRun.MAX_DATA, MERGE_WIDTH, true);
        map.merger.start();
        return map;
    }

    /** A map whose runs are merged only by {@link #mergeOnce}, two or more at a time: for tests that choose when. */
    static StateMap manual(int flushAt) {
        return manual(flushAt, SortedRun.MAX_DATA, 2);
    }

    static StateMap manual(int flushAt, long maxRunBytes, int mergeWidth) {
        return new StateMap(flushAt, maxRunBytes, mergeWidth, false);
    }

    public ReentrantReadWriteLock lock() {
        return lock;
    }

    /** A copy of the value of {@code key}, or null. Under the read lock. */
    public byte @Nullable [] get(String key) {
        byte[] value = recent.get(order.admit(key));
        if (value != null) {
            return value == REMOVED ? null : value.clone();
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        for (SortedRun run : runs) {
            int at = run.find(bytes);
            if (at >= 0) {
                return run.removed(at) ? null : run.value(at);
            }
        }
        return null;
    }

    /** The entries from {@code key} on, in key order; under the read lock for as long as it is used. */
    public Cursor from(String key, boolean inclusive) {
        var tail = recent.tailMap(order.admit(key), inclusive).entrySet().iterator();
        var sources = runs.toArray(SortedRun[]::new);
        var positions = new int[sources.length];
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        for (int r = 0; r < sources.length; r++) {
            int at = sources[r].lowerBound(bytes);
            positions[r] = !inclusive && at < sources[r].count() && sources[r].compareKey(at, bytes) == 0 ? at + 1 : at;
        }
        return new Cursor(tail, sources, positions);
    }

    /** Entries that are not removals; walks them all. Under the read lock. */
    public long size() {
        long size = 0;
        for (var cursor = from("", true); cursor.next(); ) {
            size++;
        }
        return size;
    }

    /** Applies one commit's writes in order. Under the write lock. */
    public void apply(List<StateWrite> writes) {
        applied = true;
        for (StateWrite write : writes) {
            switch (write) {
                case StateWrite.Put put -> {
                    recent.put(order.admit(put.key()), put.value());
                    recentBytes += put.key().length() + put.value().length;
                }
                case StateWrite.Delete delete -> recent.put(order.admit(delete.key()), REMOVED);
                case StateWrite.DeletePrefix prefix -> removePrefix(prefix.prefix());
            }
        }
        if (recent.size() >= flushAt || recentBytes >= FLUSH_BYTES) {
            flush();
        }
    }

    private void removePrefix(String prefix) {
        byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
        var doomed = new ArrayList<String>();
        for (var cursor = from(prefix, true); cursor.next() && cursor.keyStartsWith(bytes); ) {
            doomed.add(new String(cursor.key(), StandardCharsets.UTF_8));
        }
        for (String key : doomed) {
            recent.put(order.admit(key), REMOVED);
        }
    }

    /** The map as it stands, as runs that will not change: for a snapshot, read without the lock. Under the write lock. */
    public List<SortedRun> freeze() {
        flush();
        return runs;
    }

    /** Entries of {@code frozen} runs in key order, removals skipped. */
    public static Cursor entries(List<SortedRun> frozen) {
        return new Cursor(null, frozen.toArray(SortedRun[]::new), new int[frozen.size()]);
    }

    /**
     * Adds {@code run} as the oldest: what a snapshot holds, before the journal after it is applied. Only before the
     * first write: a merge into the oldest run drops removals, which a run added behind it would bring back.
     */
    public void loadOldest(SortedRun run) {
        lock.writeLock().lock();
        try {
            if (applied) {
                throw new IllegalStateException("a snapshot's runs are loaded before any write is applied");
            }
            var grown = new ArrayList<>(runs);
            grown.add(run);
            runs = List.copyOf(grown);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void flush() {
        if (recent.isEmpty()) {
            return;
        }
        var keys = new ArrayList<byte[]>(recent.size());
        var values = new ArrayList<byte @Nullable []>(recent.size());
        for (var entry : recent.entrySet()) {
            keys.add(entry.getKey().getBytes(StandardCharsets.UTF_8));
            values.add(entry.getValue() == REMOVED ? null : entry.getValue());
        }
        // Newest first, and each a key range: 4,096 values of up to 16 MiB can pass what one run holds.
        var flushed = new ArrayList<SortedRun>();
        for (int from = 0; from < keys.size(); ) {
            long bytes = 0;
            int to = from;
            while (to < keys.size()
                    && (to == from || bytes + bytes(keys, values, to) + SortedRun.ENTRY_BYTES * (to - from + 1L)
                    <= maxRunBytes)) {
                bytes += bytes(keys, values, to++);
            }
            var builder = new SortedRun.Builder(to - from, bytes);
            for (int i = from; i < to; i++) {
                builder.add(keys.get(i), values.get(i));
            }
            flushed.addFirst(builder.build());
            from = to;
        }
        var grown = new ArrayList<SortedRun>(runs.size() + flushed.size());
        grown.addAll(flushed);
        grown.addAll(runs);
        runs = List.copyOf(grown);
        recent = new TreeMap<>(order);
        recentBytes = 0;
        if (merger != null) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    private static long bytes(List<byte[]> keys, List<byte @Nullable []> values, int i) {
        byte[] value = values.get(i);
        return keys.get(i).length + (value == null ? 0 : value.length);
    }

    private void mergeLoop() {
        try {
            while (!closed) {
                if (!mergeOnce()) {
                    synchronized (this) {
                        wait(1000);
                    }
                }
            }
        } catch (InterruptedException e) {
            // closing
        } catch (RuntimeException | Error e) {
            // Reads stay right without merges, only slower as runs pile up: say so rather than fail the store.
            LOG.log(Level.WARNING, "the state store stopped merging its runs", e);
        }
    }

    /**
     * Merges the newest group of adjacent runs that has {@link #mergeWidth} or more, where each run holds at most
     * twice the entries of the newer runs of the group together and all of them fit one run; past {@link #MAX_RUNS}
     * runs, the newest that fit. Returns whether it merged. Removals are dropped once merged into the oldest run:
     * nothing older is left to hide.
     */
    boolean mergeOnce() {
        List<SortedRun> current = runs;
        for (int i = 0; i < current.size(); i++) {
            long entries = current.get(i).count();
            long bytes = current.get(i).size();
            int j = i + 1;
            while (j < current.size() && current.get(j).count() <= 2 * entries
                    && bytes + current.get(j).size() <= maxRunBytes) {
                entries += current.get(j).count();
                bytes += current.get(j).size();
                j++;
            }
            if (j - i >= mergeWidth) {
                mergeAndSwap(current, i, j);
                return true;
            }
        }
        if (current.size() > MAX_RUNS) {
            for (int i = 0; i + mergeWidth <= current.size(); i++) {
                long bytes = 0;
                for (int j = i; j < i + mergeWidth; j++) {
                    bytes += current.get(j).size();
                }
                if (bytes <= maxRunBytes) {
                    mergeAndSwap(current, i, i + mergeWidth);
                    return true;
                }
            }
        }
        return false;
    }

    private void mergeAndSwap(List<SortedRun> current, int from, int to) {
        var group = List.copyOf(current.subList(from, to));
        swap(group, merge(group, to == current.size()));
        merges++; // one merging thread
    }

    /** Merges done since opening. */
    public long merges() {
        return merges;
    }

    /** The runs of {@code group} (newest first) as one: of the entries of one key, the newest run's is kept. */
    private SortedRun merge(List<SortedRun> group, boolean dropRemovals) {
        int count = 0;
        long bytes = 0;
        for (SortedRun run : group) {
            count += run.count();
            bytes += run.dataLength();
        }
        var out = new SortedRun.Builder(count, bytes);
        int[] at = new int[group.size()];
        for (int written = 0; ; written++) {
            int least = -1;
            for (int r = 0; r < group.size(); r++) {
                if (at[r] < group.get(r).count()
                        && (least < 0 || group.get(r).compareKey(at[r], group.get(least), at[least]) < 0)) {
                    least = r;
                }
            }
            if (least < 0) {
                return out.build();
            }
            SortedRun winner = group.get(least);
            if (!(dropRemovals && winner.removed(at[least]))) {
                out.add(winner, at[least]);
            }
            int kept = at[least];
            for (int r = least + 1; r < group.size(); r++) {
                if (at[r] < group.get(r).count() && group.get(r).compareKey(at[r], winner, kept) == 0) {
                    at[r]++;
                }
            }
            at[least]++;
            if ((written & 1023) == 1023) {
                throttle.tick();
            }
        }
    }

    /** Replaces adjacent runs with their merge; flushes only ever add runs before them meanwhile. */
    private void swap(List<SortedRun> group, SortedRun merged) {
        lock.writeLock().lock();
        try {
            var replaced = new ArrayList<SortedRun>(runs.size());
            for (SortedRun run : runs) {
                if (run == group.getFirst()) {
                    replaced.add(merged);
                } else if (!group.contains(run)) {
                    replaced.add(run);
                }
            }
            runs = List.copyOf(replaced);
        } finally {
            lock.writeLock().unlock();
        }
    }

    int runCount() {
        return runs.size();
    }

    @Override
    public void close() {
        closed = true;
        if (merger != null) {
            merger.interrupt();
            try {
                merger.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Entries in key order merged from the small map's tail and the runs: among entries of one key, the newest
     * source's wins (the small map, then the runs, newest first), and a removal hides the key.
     */
    public static final class Cursor {
        private static final int NONE = -2;
        private static final int RECENT = -1;

        private final @Nullable Iterator<Map.Entry<String, byte[]>> recent;
        private final SortedRun[] runs;
        private final int[] positions;
        private byte @Nullable [] recentKey;
        private byte @Nullable [] recentValue;
        private int source = NONE;
        private byte @Nullable [] currentKey;
        private byte @Nullable [] currentValue;
        private int currentAt;

        private Cursor(@Nullable Iterator<Map.Entry<String, byte[]>> recent, SortedRun[] runs, int[] positions) {
            this.recent = recent;
            this.runs = runs;
            this.positions = positions;
            advanceRecent();
        }

        /** Moves to the next entry; false once there is none. */
        public boolean next() {
            while (true) {
                int best = recentKey != null ? RECENT : NONE;
                for (int r = 0; r < runs.length; r++) {
                    if (positions[r] < runs[r].count() && (best == NONE || compareWith(r, best) < 0)) {
                        best = r;
                    }
                }
                if (best == NONE) {
                    source = NONE;
                    return false;
                }
                take(best);
                if (!removed()) {
                    return true;
                }
            }
        }

        /** Makes {@code best}'s head the current entry and moves every source past its key. */
        private void take(int best) {
            for (int r = 0; r < runs.length; r++) {
                if (r != best && positions[r] < runs[r].count() && compareWith(r, best) == 0) {
                    positions[r]++;
                }
            }
            source = best;
            if (best == RECENT) {
                currentKey = recentKey;
                currentValue = recentValue;
                advanceRecent();
            } else {
                // The small map's head is not at this key: on a tie it would have been the best.
                currentAt = positions[best]++;
            }
        }

        /** Compares run {@code r}'s head with the head of {@code other} (a run, or the small map). */
        private int compareWith(int r, int other) {
            return other == RECENT ? runs[r].compareKey(positions[r], recentKey)
                    : runs[r].compareKey(positions[r], runs[other], positions[other]);
        }

        private void advanceRecent() {
            if (recent != null && recent.hasNext()) {
                var entry = recent.next();
                recentKey = entry.getKey().getBytes(StandardCharsets.UTF_8);
                recentValue = entry.getValue();
            } else {
                recentKey = null;
                recentValue = null;
            }
        }

        private boolean removed() {
            return source == RECENT ? currentValue == REMOVED : runs[source].removed(currentAt);
        }

        /** The current key's UTF-8 bytes (a copy). */
        public byte[] key() {
            return source == RECENT ? currentKey.clone() : runs[source].key(currentAt);
        }

        /** A copy of the current value. */
        public byte[] value() {
            return source == RECENT ? currentValue.clone() : runs[source].value(currentAt);
        }

        public boolean keyStartsWith(byte[] prefix) {
            if (source == RECENT) {
                return Arrays.equals(currentKey, 0, Math.min(prefix.length, currentKey.length),
                        prefix, 0, prefix.length);
            }
            var run = runs[source];
            int offset = run.keyOffset(currentAt);
            return run.keyLength(currentAt) >= prefix.length
                    && Arrays.equals(run.data(), offset, offset + prefix.length, prefix, 0, prefix.length);
        }

        /** Writes the current entry as a snapshot holds it: key length, key, value length, value. */
        public void writeTo(DataOutput out) throws IOException {
            if (source == RECENT) {
                out.writeShort(currentKey.length);
                out.write(currentKey);
                out.writeInt(currentValue.length);
                out.write(currentValue);
                return;
            }
            var run = runs[source];
            int offset = run.keyOffset(currentAt);
            int keyLength = run.keyLength(currentAt);
            out.writeShort(keyLength);
            out.write(run.data(), offset, keyLength);
            out.writeInt(run.valueLength(currentAt));
            out.write(run.data(), offset + keyLength, run.valueLength(currentAt));
        }
    }
}

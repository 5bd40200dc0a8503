package dev.chorus.log.state.internal;

import dev.chorus.core.StoreClosed;
import dev.chorus.core.state.StateConflict;
import dev.chorus.core.state.StateWrite;
import dev.chorus.log.internal.Throttle;
import dev.chorus.log.state.StateStoreStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * The one writer of a state store. It takes every queued commit, writes them as one journal frame, fsyncs once for
 * all of them, applies them to the map in journal order and only then acknowledges: concurrent committers share an
 * fsync, and nobody reads a commit that a crash could still take back, but for lazy ones ({@link #commitLazily}),
 * which are applied and acknowledged at once and journaled with the next synced batch. When the journal outgrows its
 * threshold the writer starts the next generation's journal and hands the map, frozen, to a compaction thread that
 * writes the snapshot, so commits do not wait for it.
 */
public final class CommitWriter {
    private static final int MAX_BATCH_BYTES = 4 << 20;
    /** The longest a lazy commit waits for a synced one to be journaled with, before it is journaled on its own. */
    public static final long LAZY_NANOS = 20_000_000;
    /** Or once the lazy commits waiting pass this many bytes. */
    private static final long MAX_HELD_BYTES = 1 << 20;

    /**
     * One queued commit, what it expects to find (a conditional one), whether it may be acknowledged before it is
     * durable (a lazy one), and the future its committer waits on.
     */
    private record Pending(Commits.Prepared commit, @Nullable Expectation expectation, boolean lazy,
                           CompletableFuture<Void> done) {}

    /** A conditional commit applies only if {@code key} holds {@code value}. */
    private record Expectation(String key, byte[] value) {}

    private static final Pending CLOSE = new Pending(new Commits.Prepared(List.of(), new byte[0]), null, false,
            new CompletableFuture<>());

    private final Path dir;
    private final boolean fsync;
    private final long compactAfterBytes;
    private final StateMap map;
    private final ReadWriteLock lock;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong syncNanos = new AtomicLong();
    private final AtomicLong compactions = new AtomicLong();
    private volatile boolean running = true;
    private volatile @Nullable Throwable failure;
    private volatile Journal journal;
    /** Journal bytes since the newest snapshot began: what opening would replay. */
    private long sinceSnapshot;
    /** The newest snapshot's size: the journal may grow as large before the next, however low the threshold. */
    private volatile long snapshotBytes;
    private volatile CompletableFuture<Void> compaction = CompletableFuture.completedFuture(null);
    // owned by the writer thread: lazy commits applied to the map and acknowledged, in no file yet
    private final List<byte[]> held = new ArrayList<>();
    private long heldBytes;
    private long heldSince;

    /**
     * {@code replayed} is the journal that opening replayed: after a compaction a crash cut short, that is more
     * than one journal, and the first commit compacts again instead of letting every reopen replay it all.
     */
    public CommitWriter(Path dir, boolean fsync, long compactAfterBytes, Journal journal, long replayed,
                        StateMap map) {
        this.dir = dir;
        this.fsync = fsync;
        this.compactAfterBytes = compactAfterBytes;
        this.journal = journal;
        this.sinceSnapshot = replayed;
        this.snapshotBytes = newestSnapshotBytes(dir);
        this.map = map;
        this.lock = map.lock();
        this.thread = Thread.ofPlatform().name("chorus-state-writer").daemon(true).start(this::writeLoop);
    }

    /** Enqueues a checked commit and waits until it is durable and visible, or refused. */
    public void commit(Commits.Prepared commit) {
        commit(commit, null, false);
    }

    /**
     * Enqueues a commit and waits until it is visible: applied to the map, in journal order. Its body is journaled
     * with the next synced batch, or on its own once it has waited {@link #LAZY_NANOS} or the lazy commits waiting
     * pass {@link #MAX_HELD_BYTES}, or before a compaction or close: a crash before that loses it whole, and never
     * leaves a part of a frame that could pass for damage.
     */
    public void commitLazily(Commits.Prepared commit) {
        commit(commit, null, true);
    }

    /**
     * Enqueues a checked commit that applies only if {@code key} then holds {@code expected} (checked in journal
     * order, after every commit queued before it), and waits until it is durable and visible, or refused with
     * {@link StateConflict}.
     */
    public void commitIf(Commits.Prepared commit, String key, byte[] expected) {
        commit(commit, new Expectation(key, expected), false);
    }

    private void commit(Commits.Prepared commit, @Nullable Expectation expectation, boolean lazy) {
        if (!running) {
            throw closed();
        }
        var pending = new Pending(commit, expectation, lazy, new CompletableFuture<>());
        queue.add(pending);
        // A close that began after the check above may already have drained the queue: take it back if so.
        if (!running && queue.remove(pending)) {
            throw closed();
        }
        try {
            pending.done().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException refused ? refused : e;
        }
    }

    private void writeLoop() {
        var batch = new ArrayList<Pending>();
        try {
            while (true) {
                Pending next = held.isEmpty() ? queue.take()
                        : queue.poll(heldSince + LAZY_NANOS - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (next == null) {
                    writeHeld();
                    continue;
                }
                if (next == CLOSE) {
                    writeHeld();
                    break;
                }
                batch.add(next);
                long bytes = next.commit().body().length;
                while (bytes < MAX_BATCH_BYTES && (next = queue.peek()) != null && next != CLOSE) {
                    batch.add(queue.poll());
                    bytes += next.commit().body().length;
                }
                write(batch);
                batch.clear();
                maybeCompact();
            }
        } catch (Throwable e) {
            failure = e;
        } finally {
            running = false;
            var refused = closed();
            batch.forEach(p -> p.done().completeExceptionally(refused));
            Pending left;
            while ((left = queue.poll()) != null) {
                left.done().completeExceptionally(refused);
            }
        }
    }

    private void write(List<Pending> queued) throws IOException {
        var batch = withoutConflicts(queued);
        if (batch.isEmpty()) {
            return;
        }
        if (fsync && allLazy(batch)) {
            hold(batch);
            return;
        }
        var bodies = new ArrayList<byte[]>(held.size() + batch.size());
        bodies.addAll(held); // journaled before the batch, as they were applied
        held.clear();
        heldBytes = 0;
        for (Pending p : batch) {
            if (!p.commit().writes().isEmpty()) {
                bodies.add(p.commit().body()); // a check that writes nothing is answered, not journaled
            }
        }
        journal(bodies);
        applyAndAcknowledge(batch);
    }

    /** Writes {@code bodies} as one frame and syncs it (per the policy); nothing for none. */
    private void journal(List<byte[]> bodies) throws IOException {
        if (bodies.isEmpty()) {
            return;
        }
        long before = journal.size();
        journal.append(bodies);
        if (fsync) {
            long start = System.nanoTime();
            journal.force();
            syncNanos.addAndGet(System.nanoTime() - start);
        }
        bytesWritten.addAndGet(journal.size() - before);
        sinceSnapshot += journal.size() - before;
        batches.incrementAndGet();
    }

    /** Applies the batch to the map in order, under the write lock, and only then tells its committers. */
    private void applyAndAcknowledge(List<Pending> batch) {
        lock.writeLock().lock();
        try {
            for (Pending p : batch) {
                map.apply(p.commit().writes());
            }
        } finally {
            lock.writeLock().unlock();
        }
        commits.addAndGet(batch.size());
        for (Pending p : batch) {
            p.done().complete(null);
        }
    }

    private static boolean allLazy(List<Pending> batch) {
        for (Pending p : batch) {
            if (!p.lazy()) {
                return false;
            }
        }
        return true;
    }

    /** Applies lazy commits and acknowledges them; their bodies wait in {@link #held} for a journal frame. */
    private void hold(List<Pending> batch) throws IOException {
        applyAndAcknowledge(batch);
        if (held.isEmpty()) {
            heldSince = System.nanoTime();
        }
        for (Pending p : batch) {
            held.add(p.commit().body());
            heldBytes += p.commit().body().length;
        }
        if (heldBytes >= MAX_HELD_BYTES) {
            writeHeld();
        }
    }

    /** Journals and syncs the lazy commits waiting, in one frame. */
    private void writeHeld() throws IOException {
        journal(held);
        held.clear();
        heldBytes = 0;
    }

    /**
     * The batch without the conditional commits whose key does not hold what they expect, each refused with
     * {@link StateConflict}: checked against the map as the commits before it in the batch leave it.
     */
    private List<Pending> withoutConflicts(List<Pending> queued) {
        if (!anyConditional(queued)) {
            return queued; // nearly every batch: no copy, no lookups on the writer's path
        }
        var accepted = new ArrayList<Pending>(queued.size());
        for (Pending p : queued) {
            var expectation = p.expectation();
            if (expectation != null && !Arrays.equals(valueAfter(accepted, expectation.key()), expectation.value())) {
                p.done().completeExceptionally(new StateConflict(expectation.key()));
                continue;
            }
            accepted.add(p);
        }
        return accepted;
    }

    private static boolean anyConditional(List<Pending> batch) {
        for (Pending p : batch) {
            if (p.expectation() != null) {
                return true;
            }
        }
        return false;
    }

    /** What {@code key} holds once {@code before} (not applied yet) are applied to the map. */
    private byte @Nullable [] valueAfter(List<Pending> before, String key) {
        for (int i = before.size() - 1; i >= 0; i--) {
            var writes = before.get(i).commit().writes();
            for (int j = writes.size() - 1; j >= 0; j--) {
                switch (writes.get(j)) {
                    case StateWrite.Put put when put.key().equals(key) -> {
                        return put.value();
                    }
                    case StateWrite.Delete delete when delete.key().equals(key) -> {
                        return null;
                    }
                    case StateWrite.DeletePrefix prefix when key.startsWith(prefix.prefix()) -> {
                        return null;
                    }
                    default -> { }
                }
            }
        }
        lock.readLock().lock();
        try {
            return map.get(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Starts the next generation once the journal is past its threshold, and past the newest snapshot's size (each
     * compaction writes the whole map: a journal as large as the map before the next keeps what the disk writes for
     * snapshots at most what it writes for commits), and the last compaction is done. The new
     * journal is published before the snapshot is written: whichever of the two a crash leaves, opening finds
     * everything (an old snapshot and both journals, or the new snapshot and the new journal).
     *
     * <p>The snapshot is the map as the old journal left it: frozen here ({@link StateMap#freeze}: runs that never
     * change), then written by the compaction thread, so commits go on meanwhile and none of them is in it.
     */
    private void maybeCompact() throws IOException {
        if (sinceSnapshot < Math.max(compactAfterBytes, snapshotBytes) || !compaction.isDone()) {
            return;
        }
        compaction.join(); // a failed snapshot fails the writer here, instead of the journal growing without bound
        writeHeld(); // the snapshot is the map, which holds them: the old journal must too
        var old = journal;
        old.force();
        old.close();
        long generation = old.generation() + 1;
        journal = Journal.create(dir, generation, fsync);
        sinceSnapshot = 0;
        List<SortedRun> frozen;
        lock.writeLock().lock();
        try {
            frozen = map.freeze();
        } finally {
            lock.writeLock().unlock();
        }
        compaction = CompletableFuture.runAsync(() -> {
            try {
                snapshotBytes = SnapshotFile.write(dir, generation, frozen, Throttle.half());
                StateFiles.deleteBefore(dir, generation);
                compactions.incrementAndGet();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the snapshot of generation " + generation, e);
            }
        }, runnable -> Thread.ofPlatform().name("chorus-state-compaction").daemon(true).start(runnable));
    }

    private static long newestSnapshotBytes(Path dir) {
        var generations = StateFiles.snapshots(dir);
        if (generations.isEmpty()) {
            return 0;
        }
        try {
            return Files.size(StateFiles.snapshot(dir, generations.getLast()));
        } catch (IOException e) {
            return 0; // opening just read it; should it be gone, the threshold alone decides
        }
    }

    public StateStoreStats stats() {
        return new StateStoreStats(commits.get(), batches.get(), bytesWritten.get(), syncNanos.get(),
                compactions.get(), journal.generation(), map.merges());
    }

    /** Throws {@link StoreClosed}, with the cause, once the writer has failed. */
    public void ensureRunning() {
        if (failure != null) {
            throw closed();
        }
    }

    private StoreClosed closed() {
        Throwable cause = failure;
        return cause == null ? new StoreClosed("this state store is closed")
                : new StoreClosed("this state store failed and closed itself: " + cause, cause);
    }

    /** Finishes what is queued, refuses what comes after, waits for a running compaction, and closes the journal. */
    public void close() {
        running = false;
        queue.add(CLOSE);
        try {
            thread.join();
            compaction.exceptionally(e -> null).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            journal.close();
        }
    }
}

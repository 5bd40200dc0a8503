package dev.chorus.log.internal;

import dev.chorus.core.AppendResult;
import dev.chorus.core.ConcurrencyConflict;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.StoreClosed;
import dev.chorus.log.LogCorrupted;
import dev.chorus.log.WriterStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The one writer of a log, in two stages. The writer thread takes every queued append, checks its
 * expected version, assigns positions and copies the stamped frames into its buffer. The syncer thread
 * takes everything accepted so far, writes it in one write() and fsyncs once, then publishes the new head
 * and acknowledges. While one batch is being synced the next is being accepted, so concurrent appenders
 * share fsyncs, and each fsync costs one write system call however many polls of the queue filled it.
 */
public final class GroupCommitWriter {
    private static final int MAX_BATCH_BYTES = 4 << 20;
    private static final int BUFFER_BYTES = 4 << 20;
    private static final int VERSION_CACHE = 100_000;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * One queued append. Its appender either parks until the syncer acknowledges or something refuses it (a
     * lighter hand-off than a CompletableFuture, on the path most appends take), or, when queued
     * ({@link #queued}), goes on and is told through a future.
     */
    public static final class Append {
        final String streamId;
        final ExpectedVersion expected;
        final byte[] frame;
        final int count;
        private final Thread waiter;
        private final CompletableFuture<AppendResult> future;
        /** A queued append this one was decided after: refused with it. */
        private final CompletableFuture<AppendResult> after;
        private volatile boolean done;
        private AppendResult result;
        private RuntimeException error;

        public Append(String streamId, ExpectedVersion expected, byte[] frame) {
            this(streamId, expected, frame, Thread.currentThread(), null, null);
        }

        private Append(String streamId, ExpectedVersion expected, byte[] frame, Thread waiter,
                       CompletableFuture<AppendResult> future, CompletableFuture<AppendResult> after) {
            this.streamId = streamId;
            this.expected = expected;
            this.frame = frame;
            this.count = FrameCodec.eventCount(frame);
            this.waiter = waiter;
            this.future = future;
            this.after = after;
        }

        /** An append whose appender does not wait: {@link #future()} tells it the outcome. */
        public static Append queued(String streamId, ExpectedVersion expected, byte[] frame,
                                    Optional<CompletableFuture<AppendResult>> after) {
            return new Append(streamId, expected, frame, null, new CompletableFuture<>(), after.orElse(null));
        }

        public CompletableFuture<AppendResult> future() {
            return future;
        }

        boolean followsRefusedAppend() {
            return after != null && after.isCompletedExceptionally();
        }

        void acknowledge() {
            long first = FrameCodec.readLong(frame, FrameCodec.FIRST_POSITION);
            long firstVersion = FrameCodec.readLong(frame, FrameCodec.FIRST_VERSION);
            result = new AppendResult(streamId, first, first + count - 1, firstVersion + count - 1);
            finish();
        }

        void refuse(RuntimeException reason) {
            error = reason;
            finish();
        }

        private void finish() {
            done = true;
            if (future == null) {
                LockSupport.unpark(waiter);
            } else if (error != null) {
                future.completeExceptionally(error);
            } else {
                future.complete(result);
            }
        }

        AppendResult await() {
            while (!done) {
                LockSupport.park(this);
            }
            if (error != null) {
                throw error;
            }
            return result;
        }
    }

    /**
     * What the writer hands the syncer: appends whose frames lie in {@code bytes} (a region of one of the
     * writer's buffers, or a frame too large for them), to be written at {@code start} of the segment.
     */
    private record Written(List<Append> appends, Runway file, Segment segment, int buffer, ByteBuffer bytes,
                           long start, long end, long head, long seq) {}

    /** Rolls to a new segment; knows files and indexes. */
    public interface Roller {
        /** Seals the active segment and returns the new active one, empty, starting at {@code nextPosition}. */
        Segment roll(Segment active, long size, MemIndex mem, long nextPosition);
    }

    /** Where the writer publishes what readers may see. */
    public interface Publisher {
        void published(long head);
    }

    private final ConcurrentLinkedQueue<Append> queue = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Written> written = new ConcurrentLinkedQueue<>();
    private final boolean fsync;
    private final long segmentBytes;
    private final LogReader reader;
    private final Roller roller;
    private final Publisher publisher;
    private final Thread writerThread;
    private final Thread syncerThread;
    /** Two buffers: the writer fills one while the syncer may still be writing out the other's last batches. */
    private final ByteBuffer[] buffers = {ByteBuffer.allocateDirect(BUFFER_BYTES), ByteBuffer.allocateDirect(BUFFER_BYTES)};
    private final Map<String, Long> versions = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > VERSION_CACHE;
        }
    };
    private final LongAdder batches = new LongAdder();
    private final LongAdder appends = new LongAdder();
    private final LongAdder syncNanos = new LongAdder();
    private final LongAdder writtenBytes = new LongAdder();
    private static final long MIN_GATHER_NANOS = 20_000;
    private static final long MAX_GATHER_NANOS = 200_000;
    // owned by the syncer thread
    private int lastAcknowledged;
    private long syncEwmaNanos = 200_000;
    private volatile boolean writerParked;
    private static final VarHandle WRITER_PARKED;

    static {
        try {
            WRITER_PARKED = MethodHandles.lookup().findVarHandle(GroupCommitWriter.class, "writerParked", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private volatile boolean syncerParked;
    /**
     * Appends handed to the syncer so far (written by the writer only), and the count at which a parked syncer
     * wants to be woken: once per fsync when it gathers the appenders coming back, not once per hand-off.
     */
    private volatile long handedAppends;
    private volatile long syncerWakeAt = 1;
    // owned by the syncer thread
    private long takenAppends;
    private volatile boolean running = true;
    private volatile boolean writerDone;
    private volatile long syncedBatches;
    /** The seq of the last batch the syncer has written out of the writer's buffers. */
    private volatile long writtenSeq;
    private long writtenBatches;
    private volatile Throwable failure;

    // owned by the writer thread
    private Segment active;
    private Runway file;
    private MemIndex mem;
    private long size;
    private long nextPosition;
    private List<Append> batch = new ArrayList<>();
    /** The append the writer is accepting: out of the queue, maybe not in a batch yet. */
    private Append accepting;
    private int current;
    private ByteBuffer fill = buffers[0];
    private int batchStart;
    private final long[] lastSeqIn = new long[2];
    private long pendingBytes;

    public GroupCommitWriter(boolean fsync, long segmentBytes, Segment active, MemIndex mem, long size,
                             long nextPosition, LogReader reader, Roller roller, Publisher publisher) {
        this.fsync = fsync;
        this.segmentBytes = segmentBytes;
        this.active = active;
        this.file = openForAppend(active.path(), size);
        this.mem = mem;
        this.size = size;
        this.nextPosition = nextPosition;
        this.reader = reader;
        this.roller = roller;
        this.publisher = publisher;
        this.writerThread = Thread.ofPlatform().name("chorus-log-writer").daemon(true).start(this::writeLoop);
        this.syncerThread = Thread.ofPlatform().name("chorus-log-syncer").daemon(true).start(this::syncLoop);
    }

    private Runway openForAppend(Path segment, long size) {
        try {
            var channel = FileChannel.open(segment, StandardOpenOption.WRITE);
            try {
                sizeToSegment(channel);
                return new Runway(channel, segment, size, segmentBytes, fsync);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes the file as long as a whole segment (a hole past what it holds, which reads as zeros, as the end of the
     * log), so that readers map it once for its whole life (see {@link Segment}). It is cut at its last frame when
     * it is sealed or closed, as before.
     */
    private void sizeToSegment(FileChannel channel) throws IOException {
        if (channel.size() < segmentBytes) {
            channel.write(ByteBuffer.wrap(new byte[1]), segmentBytes - 1);
        }
    }

    /** Enqueues an append and waits until it is durable or refused. */
    public AppendResult append(Append append) {
        enqueue(append);
        return append.await();
    }

    /**
     * Enqueues an append made with {@link Append#queued} and returns at once: its place among the appends is
     * fixed, and its future completes once it is durable or refused.
     */
    public CompletableFuture<AppendResult> appendQueued(Append append) {
        try {
            enqueue(append);
        } catch (StoreClosed closed) {
            append.future().completeExceptionally(closed);
        }
        return append.future();
    }

    private void enqueue(Append append) {
        if (!running) {
            throw closed();
        }
        queue.offer(append);
        // One appender wakes a parked writer; the others see it awake and leave it be.
        if (writerParked && WRITER_PARKED.compareAndSet(this, true, false)) {
            LockSupport.unpark(writerThread);
        }
        if (!running && queue.remove(append)) {
            throw closed();
        }
    }

    private StoreClosed closed() {
        Throwable cause = failure;
        return cause == null ? new StoreClosed("this log is closed")
                : new StoreClosed("this log failed and closed itself: " + cause + "; an append refused with this"
                        + " may or may not be on disk (reopen the log and read its stream to know)", cause);
    }

    private void writeLoop() {
        try {
            while (running || !queue.isEmpty()) {
                if (failure != null) {
                    throw new IllegalStateException("the syncer failed", failure);
                }
                Append next = queue.poll();
                if (next == null) {
                    writerParked = true;
                    if (queue.isEmpty() && running) {
                        LockSupport.parkNanos(IDLE_PARK_NANOS);
                    }
                    writerParked = false;
                    continue;
                }
                do {
                    accepting = next;
                    accept(next);
                    accepting = null;
                    next = pendingBytes < MAX_BATCH_BYTES ? queue.poll() : null;
                } while (next != null);
                write();
            }
        } catch (Throwable e) {
            fail(e);
            batch.forEach(a -> a.refuse(closed()));
            if (accepting != null) {
                // taken from the queue, not yet in a batch when the writer failed: refused here or never
                accepting.refuse(closed());
            }
        } finally {
            writerDone = true;
            LockSupport.unpark(syncerThread);
            if (failure != null) {
                // A live syncer writes and acknowledges, in order, every batch handed to it before the failure (they
                // are whole). Only once it has ended is what it left refused: taking batches from under a live syncer
                // could let it write a later batch past an earlier one's missing bytes, and acknowledge it.
                Threads.awaitEnd(syncerThread);
                Written left;
                while ((left = written.poll()) != null) {
                    left.appends().forEach(a -> a.refuse(closed()));
                }
            }
            Append left;
            while ((left = queue.poll()) != null) {
                left.refuse(closed());
            }
        }
    }

    private void accept(Append append) {
        int stream = mem.stream(append.streamId);
        long current;
        try {
            current = currentVersion(stream, append.streamId);
        } catch (LogCorrupted damaged) {
            // this stream's last record cannot be read: refuse what needs it, and go on with every other stream
            append.refuse(damaged);
            return;
        }
        if (!append.expected.isSatisfiedBy(current) || append.followsRefusedAppend()) {
            append.refuse(new ConcurrencyConflict(append.streamId, append.expected, current));
            return;
        }
        int length = append.frame.length;
        if (size + pendingBytes > 0 && size + pendingBytes + length > segmentBytes) {
            write();
            roll();
            stream = -1; // a new segment, a new index
        }
        long offset = size + pendingBytes;
        FrameCodec.stamp(append.frame, nextPosition, current + 1);
        mem.add(stream, append.streamId, current + 1, nextPosition, append.count, offset);
        if (length > fill.capacity()) {
            write();
            batch.add(append);
            accepting = null;
            pendingBytes = length;
            nextPosition += append.count;
            handOff(-1, ByteBuffer.wrap(append.frame));
            return;
        }
        if (length > fill.remaining()) {
            write();
            switchBuffers();
        }
        fill.put(append.frame);
        pendingBytes += length;
        batch.add(append);
        accepting = null;
        nextPosition += append.count;
    }

    /** Moves to the other buffer once the syncer has written out every batch that lies in it. */
    private void switchBuffers() {
        int other = 1 - current;
        while (writtenSeq < lastSeqIn[other] && failure == null) {
            if (syncerParked) {
                LockSupport.unpark(syncerThread);
            }
            LockSupport.parkNanos(20_000);
        }
        if (failure != null) {
            throw new IllegalStateException("the syncer failed", failure);
        }
        current = other;
        fill = buffers[other];
        fill.clear();
        batchStart = 0;
    }

    private long currentVersion(int stream, String streamId) {
        long inSegment = mem.lastVersion(stream);
        if (inSegment >= 0) {
            return inSegment;
        }
        Long cached = versions.get(streamId);
        if (cached != null) {
            return cached;
        }
        long found = reader.sealedLastVersion(streamId);
        // A stream new to the log is about to be in the active segment's index, which answers first from then
        // on: keeping its -1 would only hold one more entry, for as long as the cache lasts.
        if (found >= 0) {
            versions.put(streamId, found);
        }
        return found;
    }

    /** Hands what was accepted to the syncer, which writes it. */
    private void write() {
        if (batch.isEmpty()) {
            return;
        }
        int end = fill.position();
        handOff(current, fill.duplicate().position(batchStart).limit(end));
        lastSeqIn[current] = writtenBatches;
        batchStart = end;
    }

    private void handOff(int buffer, ByteBuffer bytes) {
        long start = size;
        size += pendingBytes;
        writtenBytes.add(pendingBytes);
        pendingBytes = 0;
        writtenBatches++;
        written.offer(new Written(batch, file, active, buffer, bytes, start, size, nextPosition, writtenBatches));
        long handed = handedAppends + batch.size();
        handedAppends = handed;
        batch = new ArrayList<>();
        if (syncerParked && handed >= syncerWakeAt) {
            LockSupport.unpark(syncerThread);
        }
    }

    /** Seals the active segment once the syncer has acknowledged all of it, and starts the next one. */
    private void roll() {
        while (syncedBatches < writtenBatches && failure == null) {
            LockSupport.unpark(syncerThread);
            LockSupport.parkNanos(20_000);
        }
        if (failure != null) {
            throw new IllegalStateException("the syncer failed", failure);
        }
        try {
            file.cut();
            file.channel().force(true);
            file.channel().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // What the cache says of these streams is older than their events in the segment being sealed: forget it,
        // and let the next append to one of them look it up there (one lookup, then cached). Putting every stream of
        // the segment in the cache instead made tens of thousands of entries at once, that each outlived a few
        // young collections.
        for (int s = 0; s < mem.streamCount(); s++) {
            versions.remove(mem.streamName(s));
        }
        active = roller.roll(active, size, mem, nextPosition);
        file = openForAppend(active.path(), 0);
        mem = (MemIndex) active.index();
        size = 0;
    }

    private void syncLoop() {
        var ready = new ArrayList<Written>();
        try {
            while (true) {
                Written next;
                // poll, never peek then poll: a failing writer drains the same queue, and what one of them took
                // the other must not take or skip
                while ((next = written.poll()) != null) {
                    ready.add(next);
                    takenAppends += next.appends().size();
                }
                if (ready.isEmpty()) {
                    if (writerDone) {
                        if (written.isEmpty()) {
                            return;
                        }
                        continue; // handed over between the poll and the writer's end
                    }
                    syncerWakeAt = takenAppends + 1;
                    syncerParked = true;
                    if (handedAppends < takenAppends + 1 && !writerDone) {
                        LockSupport.parkNanos(IDLE_PARK_NANOS);
                    }
                    syncerParked = false;
                    continue;
                }
                if (fsync) {
                    awaitReturningAppenders(ready);
                }
                sync(ready);
                ready.clear();
            }
        } catch (Throwable e) {
            fail(e);
            ready.forEach(w -> w.appends().forEach(a -> a.refuse(closed())));
            Written left;
            while ((left = written.poll()) != null) {
                left.appends().forEach(a -> a.refuse(closed()));
            }
        }
    }

    /**
     * Appenders acknowledged by the last fsync come straight back with their next append, a few microseconds
     * after the next fsync would otherwise have started without them. When fewer appends are waiting than the
     * last fsync acknowledged, wait a fraction of an fsync for the rest, so that they share it. A lone appender
     * never waits: one waiting append is as many as the last fsync acknowledged.
     */
    private void awaitReturningAppenders(List<Written> ready) {
        int waiting = 0;
        for (Written w : ready) {
            waiting += w.appends().size();
        }
        long deadline = System.nanoTime() + Math.clamp(syncEwmaNanos / 2, MIN_GATHER_NANOS, MAX_GATHER_NANOS);
        while (waiting < lastAcknowledged && !writerDone) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            long wakeAt = takenAppends + lastAcknowledged - waiting;
            syncerWakeAt = wakeAt;
            syncerParked = true;
            if (handedAppends < wakeAt) {
                LockSupport.parkNanos(left);
            }
            syncerParked = false;
            Written next;
            while ((next = written.poll()) != null) {
                ready.add(next);
                waiting += next.appends().size();
                takenAppends += next.appends().size();
            }
        }
    }

    /** One write per run of contiguous batches: usually one write for the whole fsync. */
    private void writeOut(List<Written> ready) throws IOException {
        int i = 0;
        while (i < ready.size()) {
            Written first = ready.get(i);
            int j = i + 1;
            if (first.buffer() >= 0) {
                while (j < ready.size() && ready.get(j).buffer() == first.buffer()
                        && ready.get(j).file() == first.file()
                        && ready.get(j).bytes().position() == ready.get(j - 1).bytes().limit()) {
                    j++;
                }
            }
            ByteBuffer bytes = first.bytes();
            if (j > i + 1) {
                bytes = bytes.duplicate().limit(ready.get(j - 1).bytes().limit());
            }
            first.file().write(bytes, first.start());
            i = j;
        }
        writtenSeq = ready.getLast().seq();
    }

    private void sync(List<Written> ready) throws IOException {
        writeOut(ready);
        if (fsync) {
            long start = System.nanoTime();
            Runway last = null;
            for (Written w : ready) {
                if (w.file() != last) {
                    w.file().force();
                    last = w.file();
                }
            }
            long took = System.nanoTime() - start;
            syncNanos.add(took);
            syncEwmaNanos += (took - syncEwmaNanos) / 8;
        }
        Written newest = ready.getLast();
        for (Written w : ready) {
            w.segment().end(w.end());
        }
        publisher.published(newest.head());
        int count = 0;
        for (Written w : ready) {
            count += w.appends().size();
        }
        // Counted before anyone is acknowledged: stats read after an append returns include it.
        batches.increment();
        appends.add(count);
        for (Written w : ready) {
            for (Append append : w.appends()) {
                append.acknowledge();
            }
        }
        lastAcknowledged = count;
        syncedBatches += ready.size();
    }

    private void fail(Throwable e) {
        if (failure == null) {
            failure = e;
        }
        running = false;
    }

    /** Counters since open: how appends were grouped and what syncing cost. */
    public WriterStats stats() {
        return new WriterStats(batches.sum(), appends.sum(), writtenBytes.sum(), syncNanos.sum());
    }

    /** Stops accepting appends, finishes what was queued, and waits for both threads to end. */
    public void close() {
        running = false;
        LockSupport.unpark(writerThread);
        try {
            writerThread.join();
            syncerThread.join();
            try (var channel = file.channel()) {
                if (failure == null) {
                    // a segment file ends with its last frame once it is closed, not with the zeros it was given
                    file.cut();
                    channel.force(true);
                } else {
                    file.stop();
                }
            }
        } catch (InterruptedException e) {
            file.stop();
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // everything acknowledged was already forced
        }
    }
}

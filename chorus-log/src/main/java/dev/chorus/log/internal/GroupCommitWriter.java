package dev.chorus.log.internal;

import dev.chorus.core.AppendResult;
import dev.chorus.core.ConcurrencyConflict;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.StoreClosed;
import dev.chorus.core.internal.HeadSignal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one writer of a log. Appenders enqueue encoded frames; this thread checks expected versions,
 * assigns positions, writes everything queued in one write, fsyncs once, and only then publishes the
 * new head and acknowledges. Concurrent appenders so share one fsync.
 */
public final class GroupCommitWriter {
    private static final int MAX_BATCH_BYTES = 4 << 20;
    private static final int BUFFER_BYTES = 1 << 20;
    private static final int VERSION_CACHE = 100_000;

    /** One queued append. Completes with its result or its typed error. */
    public static final class Append extends CompletableFuture<AppendResult> {
        final String streamId;
        final ExpectedVersion expected;
        final byte[] frame;
        final int count;

        public Append(String streamId, ExpectedVersion expected, byte[] frame) {
            this.streamId = streamId;
            this.expected = expected;
            this.frame = frame;
            this.count = FrameCodec.eventCount(frame);
        }
    }

    /** Rolls to a new segment; knows files and indexes. */
    public interface Roller {
        /** Seals the active segment and returns the new active one, empty, starting at {@code nextPosition}. */
        Segment roll(Segment active, FileChannel channel, long size, MemIndex mem, long nextPosition);
    }

    private final ConcurrentLinkedQueue<Append> queue = new ConcurrentLinkedQueue<>();
    private final boolean fsync;
    private final long segmentBytes;
    private final LogReader reader;
    private final Roller roller;
    private final HeadSignal signal;
    private final ViewHolder views;
    private final Thread thread;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final Map<String, Long> versions = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > VERSION_CACHE;
        }
    };
    private final List<Append> batch = new ArrayList<>();
    private final List<byte[]> pending = new ArrayList<>();
    private volatile boolean parked;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private Segment active;
    private FileChannel channel;
    private MemIndex mem;
    private long size;
    private long pendingBytes;
    private long nextPosition;

    /** Holds what readers see; the writer replaces it after every batch and every roll. */
    public interface ViewHolder {
        View get();

        void set(View view);
    }

    public GroupCommitWriter(boolean fsync, long segmentBytes, Segment active, FileChannel channel, MemIndex mem,
                             long size, long nextPosition, LogReader reader, Roller roller, HeadSignal signal,
                             ViewHolder views) {
        this.fsync = fsync;
        this.segmentBytes = segmentBytes;
        this.active = active;
        this.channel = channel;
        this.mem = mem;
        this.size = size;
        this.nextPosition = nextPosition;
        this.reader = reader;
        this.roller = roller;
        this.signal = signal;
        this.views = views;
        this.thread = Thread.ofPlatform().name("chorus-log-writer").daemon(true).unstarted(this::run);
        this.thread.start();
    }

    public static FileChannel openForAppend(Path segment) {
        try {
            return FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Enqueues an append and waits until it is durable or refused. */
    public AppendResult append(Append append) {
        if (!running) {
            throw closed();
        }
        queue.offer(append);
        if (parked) {
            LockSupport.unpark(thread);
        }
        if (!running && queue.remove(append)) {
            throw closed();
        }
        try {
            return append.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private StoreClosed closed() {
        Throwable cause = failure;
        return cause == null ? new StoreClosed("this log is closed")
                : new StoreClosed("this log failed and closed itself: " + cause, cause);
    }

    private void run() {
        try {
            while (running || !queue.isEmpty()) {
                Append next = queue.poll();
                if (next == null) {
                    parked = true;
                    if (queue.isEmpty() && running) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                    }
                    parked = false;
                    continue;
                }
                do {
                    accept(next);
                    next = pendingBytes < MAX_BATCH_BYTES ? queue.poll() : null;
                } while (next != null);
                flush();
            }
        } catch (Throwable e) {
            failure = e;
            running = false;
            batch.forEach(a -> a.completeExceptionally(closed()));
            batch.clear();
        } finally {
            Append left;
            while ((left = queue.poll()) != null) {
                left.completeExceptionally(closed());
            }
        }
    }

    private void accept(Append append) throws IOException {
        long current = currentVersion(append.streamId);
        if (!append.expected.isSatisfiedBy(current)) {
            append.completeExceptionally(new ConcurrencyConflict(append.streamId, append.expected, current));
            return;
        }
        if (size + pendingBytes > 0 && size + pendingBytes + append.frame.length > segmentBytes) {
            flush();
            roll();
        }
        long offset = size + pendingBytes;
        FrameCodec.stamp(append.frame, nextPosition, current + 1);
        mem.add(append.streamId, current + 1, nextPosition, append.count, offset);
        pending.add(append.frame);
        pendingBytes += append.frame.length;
        batch.add(append);
        nextPosition += append.count;
    }

    private long currentVersion(String streamId) {
        long inSegment = mem.lastVersion(streamId);
        if (inSegment >= 0) {
            return inSegment;
        }
        Long cached = versions.get(streamId);
        if (cached != null) {
            return cached;
        }
        View v = views.get();
        long found = reader.lastVersion(v.segments().subList(0, v.segments().size() - 1), Long.MAX_VALUE, streamId);
        versions.put(streamId, found);
        return found;
    }

    private void flush() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        for (byte[] frame : pending) {
            if (frame.length > buffer.remaining()) {
                drain();
            }
            if (frame.length > buffer.capacity()) {
                write(ByteBuffer.wrap(frame));
            } else {
                buffer.put(frame);
            }
        }
        drain();
        if (fsync) {
            channel.force(false);
        }
        size += pendingBytes;
        pendingBytes = 0;
        pending.clear();
        active.end(size);
        views.set(new View(views.get().segments(), nextPosition));
        signal.advance(nextPosition);
        for (Append append : batch) {
            int count = append.count;
            long first = FrameCodec.readLong(append.frame, FrameCodec.FIRST_POSITION);
            long firstVersion = FrameCodec.readLong(append.frame, FrameCodec.FIRST_VERSION);
            var positions = new ArrayList<Long>(count);
            for (int i = 0; i < count; i++) {
                positions.add(first + i);
            }
            append.complete(new AppendResult(append.streamId, positions, firstVersion + count - 1));
        }
        batch.clear();
    }

    private void drain() throws IOException {
        buffer.flip();
        write(buffer);
        buffer.clear();
    }

    private void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private void roll() throws IOException {
        channel.force(true);
        for (var stream : mem.streams.keySet()) {
            versions.put(stream, mem.lastVersion(stream));
        }
        Segment next = roller.roll(active, channel, size, mem, nextPosition);
        channel.close();
        active = next;
        channel = openForAppend(next.path());
        mem = (MemIndex) next.index();
        size = 0;
    }

    /** Stops accepting appends, finishes what was queued, and waits for the thread to end. */
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join();
            channel.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // everything acknowledged was already forced
        }
    }
}

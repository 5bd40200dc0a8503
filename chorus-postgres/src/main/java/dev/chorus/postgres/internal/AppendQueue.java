package dev.chorus.postgres.internal;

import dev.chorus.core.AppendResult;
import dev.chorus.core.ConcurrencyConflict;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Hands the appends of many threads to one writer thread, which writes everything that queued up meanwhile in
 * one transaction: appends to one schema take the head row one transaction at a time, so concurrent appenders
 * share a lock and a commit instead of waiting for each other's.
 */
public final class AppendQueue implements AutoCloseable {
    /** What became of one append: written, or refused because its stream was elsewhere. */
    public sealed interface Outcome {
        record Written(AppendResult result) implements Outcome {}

        record Conflict(long actualVersion) implements Outcome {}
    }

    /** One append waiting for the writer. The writer completes it, with an outcome or with what failed the batch. */
    public record Pending(String streamId, ExpectedVersion expected, List<NewEvent> events, long bytes,
                          CompletableFuture<Outcome> outcome) {
        public Pending(String streamId, ExpectedVersion expected, List<NewEvent> events) {
            this(streamId, expected, events, events.stream().mapToLong(e -> e.data().length + 256L).sum(),
                    new CompletableFuture<>());
        }

        /** Waits for the writer, and throws here, on the appender's thread, what refused or failed the append. */
        public AppendResult await() {
            Outcome done;
            try {
                done = outcome.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw e;
            }
            return switch (done) {
                case Outcome.Written written -> written.result();
                case Outcome.Conflict conflict -> throw new ConcurrencyConflict(streamId, expected,
                        conflict.actualVersion());
            };
        }
    }

    private final int maxEvents;
    private final long maxBytes;
    private final Consumer<List<Pending>> writer;
    private final Supplier<RuntimeException> closedError;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Thread thread;
    private boolean closed;

    /**
     * @param maxEvents   a batch stops growing at this many events (one append larger than that goes alone)
     * @param maxBytes    ... or at this many bytes of data
     * @param writer      writes a batch in one transaction and completes each append's outcome
     * @param closedError what an append offered after {@link #close()} is refused with
     */
    public AppendQueue(String name, int maxEvents, long maxBytes, Consumer<List<Pending>> writer,
                       Supplier<RuntimeException> closedError) {
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
        this.writer = writer;
        this.closedError = closedError;
        this.thread = Thread.ofVirtual().name(name).start(this::run);
    }

    /** Queues {@code append} for the writer; wait for it with {@link Pending#await()}. */
    public void offer(Pending append) {
        lock.lock();
        try {
            if (closed) {
                throw closedError.get();
            }
            queue.add(append);
            queued.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            var batch = take();
            if (batch.isEmpty()) {
                return;
            }
            try {
                writer.accept(batch);
            } catch (RuntimeException | Error e) {
                batch.forEach(append -> append.outcome().completeExceptionally(e));
            }
        }
    }

    /** The appends queued now, as many as one batch holds; empty once closed and drained. */
    private List<Pending> take() {
        lock.lock();
        try {
            while (queue.isEmpty() && !closed) {
                queued.awaitUninterruptibly();
            }
            var batch = new ArrayList<Pending>();
            int events = 0;
            long bytes = 0;
            while (!queue.isEmpty()) {
                var next = queue.peek();
                if (!batch.isEmpty() && (events + next.events().size() > maxEvents || bytes + next.bytes() > maxBytes)) {
                    break;
                }
                batch.add(queue.poll());
                events += next.events().size();
                bytes += next.bytes();
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new appends, lets the writer finish the ones already queued, and waits for it. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            queued.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.chorus.kafka.internal;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;

/**
 * The sends of one producer that are not yet retired, in the order of the events they carry, at most
 * {@code capacity} of them. One thread adds (the relay's subscription); sends are retired oldest first, by that
 * thread when it needs room or by another that wants the watermark ({@link #retire()}), the position before
 * which every event was acknowledged or needed no send: the checkpoint that may be committed. A failed send stays
 * the oldest, so the watermark never passes it.
 */
public final class InFlight {
    private final Future<?>[] sends;
    private final long[] positions;
    private final ReentrantLock retiring = new ReentrantLock();
    private volatile long head;
    private volatile long tail;
    private volatile long lookedAt;
    private volatile @Nullable Throwable failure;

    public InFlight(int capacity, long from) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.sends = new Future<?>[capacity];
        this.positions = new long[capacity];
        this.lookedAt = from;
    }

    /**
     * Waits until there is room for one more send: while full, for the oldest send to complete.
     *
     * @throws ExecutionException the oldest send failed (it stays, and the watermark stops before it)
     */
    public void awaitRoom() throws ExecutionException, InterruptedException {
        while (head - tail >= sends.length) {
            // Not under the lock, so that the watermark can be read meanwhile: only this thread reuses a slot.
            long oldest = tail;
            var send = sends[slot(oldest)];
            if (send != null && oldest == tail) {
                send.get();
            }
            retire();
        }
    }

    /** The send of the event at {@code position}; call {@link #awaitRoom()} first. */
    public void add(long position, Future<RecordMetadata> send) {
        int slot = slot(head);
        sends[slot] = send;
        positions[slot] = position;
        head = head + 1;
        lookedAt = position + 1;
    }

    /** The event at {@code position} needs no send. */
    public void skip(long position) {
        lookedAt = position + 1;
    }

    /**
     * Retires the sends that completed, oldest first, without waiting for those in flight; returns the watermark.
     * A failed send stops it: see {@link #failure()}.
     */
    public long retire() throws InterruptedException {
        retiring.lockInterruptibly();
        try {
            retireDone();
            return watermark();
        } finally {
            retiring.unlock();
        }
    }

    /**
     * Waits until every send completed, or {@code timeout} passed, and retires them; returns the watermark.
     *
     * @throws ExecutionException a send failed
     * @throws TimeoutException   some are still in flight after {@code timeout}
     */
    public long awaitAll(Duration timeout) throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        retiring.lockInterruptibly();
        try {
            while (tail < head) {
                sends[slot(tail)].get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                retireDone();
            }
            return watermark();
        } finally {
            retiring.unlock();
        }
    }

    /** Why the oldest send not retired failed, if it did. */
    public @Nullable Throwable failure() {
        return failure;
    }

    /** Under {@link #retiring}, so that the oldest slot is not reused while it is read. */
    private long watermark() {
        // lookedAt first: every send it covers was added (head moved) before it.
        long looked = lookedAt;
        long oldest = tail;
        return oldest < head ? positions[slot(oldest)] : looked;
    }

    /** How many sends were acknowledged. */
    public long acknowledged() {
        return tail;
    }

    private void retireDone() {
        long t = tail;
        long h = head;
        while (t < h) {
            var send = sends[slot(t)];
            if (!send.isDone()) {
                break;
            }
            try {
                send.get();
            } catch (ExecutionException e) {
                failure = e.getCause();
                break;
            } catch (InterruptedException e) {
                throw new IllegalStateException("a completed send does not wait", e);
            }
            sends[slot(t)] = null;
            t++;
        }
        tail = t;
    }

    private int slot(long index) {
        return (int) (index % sends.length);
    }
}

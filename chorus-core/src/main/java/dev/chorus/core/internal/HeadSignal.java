package dev.chorus.core.internal;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.ReentrantLock;

/** Wakes readers waiting for the head to move. Writers only signal; they never wait on readers. */
public final class HeadSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition moved = lock.newCondition();
    private volatile long head;
    private volatile boolean closed;

    public HeadSignal(long head) {
        this.head = head;
    }

    public long head() {
        return head;
    }

    public void advance(long newHead) {
        head = newHead;
        signalAll();
    }

    public void close() {
        closed = true;
        signalAll();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Wakes every waiter so that it looks at its own stop condition. */
    public void wakeAll() {
        signalAll();
    }

    /**
     * Waits until the head passes {@code position}, the signal closes, {@code stop} holds after a wake,
     * or {@code max} elapses.
     */
    public void awaitBeyond(long position, Duration max, BooleanSupplier stop) throws InterruptedException {
        long nanos = max.toNanos();
        lock.lock();
        try {
            while (head <= position && !closed && !stop.getAsBoolean() && nanos > 0) {
                nanos = moved.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    private void signalAll() {
        lock.lock();
        try {
            moved.signalAll();
        } finally {
            lock.unlock();
        }
    }
}

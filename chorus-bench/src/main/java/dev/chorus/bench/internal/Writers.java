package dev.chorus.bench.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@code count} virtual threads that each repeat one operation until its share of a budget of
 * operations is spent or a deadline passes, all released by one gate so that the clock starts when they
 * do. Shares rather than one shared counter: a contended atomic in the loop would be measured too.
 */
final class Writers {
    /** One writer's repeated operation; {@code writer} is its 0-based index. */
    @FunctionalInterface
    interface Operation {
        /** Performs one operation and returns how many events it appended. */
        int run(int writer, long iteration) throws Exception;
    }

    /** How many events the writers appended, and in how long. */
    record Round(long events, long nanos) {
        double eventsPerSecond() {
            return nanos == 0 ? 0 : events * 1e9 / nanos;
        }
    }

    private Writers() {}

    static Round run(String name, int count, long operations, Duration cap, Operation operation)
            throws InterruptedException {
        var events = new AtomicLong();
        var failure = new AtomicReference<Throwable>();
        var deadline = new AtomicLong();
        var gate = new CountDownLatch(1);
        var threads = new ArrayList<Thread>(count);
        for (int i = 0; i < count; i++) {
            int writer = i;
            long share = operations / count + (i < operations % count ? 1 : 0);
            threads.add(Thread.ofVirtual().name(name + "-" + i).start(() -> {
                long appended = 0;
                try {
                    gate.await();
                    long end = deadline.get();
                    for (long n = 0; n < share && System.nanoTime() < end && failure.get() == null; n++) {
                        appended += operation.run(writer, n);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    events.addAndGet(appended);
                }
            }));
        }
        long start = System.nanoTime();
        deadline.set(start + cap.toNanos());
        gate.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - start;
        Throwable failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException(name + ": a writer failed: " + failed, failed);
        }
        return new Round(events.get(), elapsed);
    }
}

package dev.chorus.bench.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Clients that each send one command at a time and wait for its result before the next, until a shared
 * budget of commands is spent or a deadline passes. All start at one gate, so the clock starts when they do.
 */
final class CommandClients {
    /** One command of client {@code client}, whose own random source is {@code random}. */
    @FunctionalInterface
    interface Command {
        void send(int client, long n, SplittableRandom random) throws Exception;
    }

    /** How many commands completed, and in how long. */
    record Round(long commands, long nanos) {
        double perSecond() {
            return nanos == 0 ? 0 : commands * 1e9 / nanos;
        }
    }

    private CommandClients() {}

    static Round run(String name, int count, boolean virtual, long budget, Duration cap, long seed, Command command)
            throws InterruptedException {
        var remaining = new AtomicLong(budget);
        var done = new AtomicLong();
        var failure = new AtomicReference<Throwable>();
        var deadline = new AtomicLong();
        var gate = new CountDownLatch(1);
        var threads = new ArrayList<Thread>(count);
        var builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true);
        for (int i = 0; i < count; i++) {
            int client = i;
            var random = new SplittableRandom(seed * 1_000_003L + i);
            threads.add(builder.name(name + "-" + i).start(() -> {
                try {
                    gate.await();
                    long end = deadline.get();
                    for (long n; failure.get() == null && System.nanoTime() < end
                            && (n = remaining.getAndDecrement()) > 0; ) {
                        command.send(client, budget - n, random);
                        done.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
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
            throw new IllegalStateException(name + ": a client failed: " + failed, failed);
        }
        return new Round(done.get(), elapsed);
    }
}

package dev.chorus.bench.internal;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.projection.ProjectionConfig;
import dev.chorus.core.projection.ProjectionRunner;
import dev.chorus.core.state.StateEntry;
import dev.chorus.log.EmbeddedLog;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The phases of {@code bench replay}: fill the log, then read it three ways. */
final class ReplayPhases {
    /** How long one phase took, the process CPU it used, and the GC pause time inside it. */
    record Timing(long events, long nanos, long cpuNanos, long gcMillis) {
        double eventsPerSecond() {
            return nanos == 0 ? 0 : events * 1e9 / nanos;
        }

        double nanosPerEvent() {
            return events == 0 ? 0 : (double) nanos / events;
        }

        /** Process CPU per event (all threads, the GC's included); negative when unknown. */
        double cpuNanosPerEvent() {
            return cpuNanos < 0 || events == 0 ? -1 : (double) cpuNanos / events;
        }
    }

    private static final int WRITERS = 8;
    private static final int PAGE = 1024;

    private ReplayPhases() {}

    /** Appends {@code options.events()} deposits from a few writers, each to its own stream. */
    static Timing fill(EmbeddedLog log, ReplayBenchOptions options) throws InterruptedException {
        long events = options.events();
        var failure = new AtomicReference<Throwable>();
        var threads = new ArrayList<Thread>(WRITERS);
        var start = Start.now();
        for (int w = 0; w < WRITERS; w++) {
            long from = events * w / WRITERS;
            long to = events * (w + 1) / WRITERS;
            String stream = "ledger-" + w;
            threads.add(Thread.ofVirtual().name("bench-replay-writer-" + w).start(() -> {
                try {
                    for (long n = from; n < to && failure.get() == null; n += options.appendSize()) {
                        int size = (int) Math.min(options.appendSize(), to - n);
                        var batch = new ArrayList<NewEvent>(size);
                        for (int i = 0; i < size; i++) {
                            batch.add(ReplayLedger.event(n + i, options.accounts()));
                        }
                        log.append(stream, ExpectedVersion.any(), batch);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("filling the log failed: " + failure.get(), failure.get());
        }
        return start.stop(events);
    }

    /** The floor: readAll page by page, touching each event's data and nothing else. */
    static Timing read(EmbeddedLog log) {
        long head = log.headPosition();
        var start = Start.now();
        long position = 0;
        long bytes = 0;
        while (position < head) {
            var page = log.readAll(position, PAGE);
            for (var event : page) {
                bytes += event.dataSize();
            }
            position = page.getLast().position() + 1;
        }
        if (bytes <= 0) {
            throw new IllegalStateException("read no data");
        }
        return start.stop(head);
    }

    /** The generic path a projection stands on: a catch-up subscription whose handler does nothing. */
    static Timing subscribe(EmbeddedLog log, Duration cap) throws InterruptedException {
        long head = log.headPosition();
        var reached = new CountDownLatch(1);
        var delivered = new AtomicLong();
        var start = Start.now();
        try (var subscription = log.subscribe(0, event -> {
            if (event.position() == head - 1) {
                delivered.set(event.position() + 1);
                reached.countDown();
            }
        })) {
            if (!reached.await(cap.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("the subscription did not reach the head within " + cap
                        + "; it is at " + subscription.position());
            }
        }
        var timing = start.stop(head);
        if (delivered.get() != head) {
            throw new IllegalStateException("the subscription stopped at " + delivered.get());
        }
        return timing;
    }

    /**
     * A projection from 0 to the head into a fresh in-memory read model of {@code rows} balance rows; checks the
     * balances add up.
     */
    static Timing project(EmbeddedLog log, ReplayBenchOptions options, String name, int rows)
            throws InterruptedException {
        long head = log.headPosition();
        try (var store = new InMemoryStateStore();
             var runner = ProjectionRunner.create(log, store, ReplayLedger.balances(name, rows),
                     ProjectionConfig.of(c -> c.batchSize = options.batchSize()))) {
            var start = Start.now();
            runner.start();
            runner.awaitPosition(head - 1, options.seconds());
            var timing = start.stop(head);
            runner.stop();
            check(runner.view().scan("balance/", Integer.MAX_VALUE), Math.min(rows, options.accounts()), head);
            return timing;
        }
    }

    private static void check(List<StateEntry> rows, int distinct, long events) {
        long total = 0;
        for (StateEntry row : rows) {
            total += ReplayLedger.LONG.decode(row.value());
        }
        long expectedRows = Math.min(distinct, events);
        if (rows.size() != expectedRows || total != ReplayLedger.total(events)) {
            throw new IllegalStateException("the read model is wrong: " + rows.size() + " rows adding up to " + total
                    + "; expected " + expectedRows + " rows adding up to " + ReplayLedger.total(events));
        }
    }

    /** Wall time, process CPU and GC time from one point on. */
    private record Start(long nanos, long cpu, long gc) {
        static Start now() {
            return new Start(System.nanoTime(), CpuClock.processNanos(), gcMillis());
        }

        Timing stop(long events) {
            long cpuNow = CpuClock.processNanos();
            return new Timing(events, System.nanoTime() - nanos, cpu < 0 || cpuNow < 0 ? -1 : cpuNow - cpu,
                    gcMillis() - gc);
        }

        private static long gcMillis() {
            long total = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                total += Math.max(0, gc.getCollectionTime());
            }
            return total;
        }
    }
}

package dev.chorus.bench.internal;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.FsyncPolicy;
import dev.chorus.log.LogConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * What sealing a segment costs while appends go on: a log of full-size segments filled with one event per new
 * stream (the most streams a segment can hold, each a stream the sealer must sort and index), until a number of
 * segments are sealed. For each seal, the sealer thread's CPU and the time from the roll (the next segment file
 * appears) to its index file on disk: the first seal of the phase apart (the first of this log: in {@code bench log}
 * the heap phase has sealed hundreds of small segments before, so the JIT has seen the sealer), and the rest.
 * Without fsync for the appends, so that the segments fill in seconds; the sealer forces its index either way.
 */
final class SealPhase {
    static final String SEALER_THREAD = "chorus-log-sealer";
    static final int WRITERS = 4;
    private static final long POLL_NANOS = 500_000;

    /** One sealed segment: its sealer's CPU and the wall time from the roll to the index on disk. */
    record Seal(long cpuNanos, long wallNanos) {}

    /**
     * @param eventsPerSegment events (and so streams) one sealed segment held, on average
     * @param seals            in the order they happened
     */
    record Result(long segmentBytes, double eventsPerSegment, List<Seal> seals) {
        long firstCpuNanos() {
            return seals.isEmpty() ? 0 : seals.getFirst().cpuNanos();
        }

        /** The median CPU of the seals after the first, or the first's when there is no other. */
        long warmCpuNanos() {
            return median(seals.size() < 2 ? seals : seals.subList(1, seals.size()), Seal::cpuNanos);
        }

        long warmWallNanos() {
            return median(seals.size() < 2 ? seals : seals.subList(1, seals.size()), Seal::wallNanos);
        }

        /** The sealer's share of one core while a warm seal ran: its throttle keeps it to about half. */
        double warmCoreShare() {
            long wall = warmWallNanos();
            return wall == 0 ? 0 : (double) warmCpuNanos() / wall;
        }

        private static long median(List<Seal> of, ToLongFunction<Seal> figure) {
            if (of.isEmpty()) {
                return 0;
            }
            long[] values = of.stream().mapToLong(figure).sorted().toArray();
            return values[values.length / 2];
        }
    }

    private SealPhase() {}

    static Result run(Path dir, int segments, Duration cap, long segmentBytes, NewEvent event)
            throws InterruptedException, IOException {
        var config = LogConfig.of(dir, b -> {
            b.fsync = FsyncPolicy.NEVER;
            b.segmentBytes = segmentBytes;
        });
        var seals = new ArrayList<Seal>();
        try (var log = EmbeddedLog.open(config)) {
            var stop = new AtomicBoolean();
            var failure = new AtomicReference<Throwable>();
            var writers = new ArrayList<Thread>();
            List<NewEvent> one = List.of(event);
            for (int w = 0; w < WRITERS; w++) {
                String prefix = "seal-" + w + "-";
                writers.add(Thread.ofPlatform().name("bench-seal-" + w).start(() -> {
                    try {
                        for (long n = 0; !stop.get(); n++) {
                            log.append(prefix + n, ExpectedVersion.noStream(), one);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        stop.set(true);
                    }
                }));
            }
            try {
                watch(dir, segments, System.nanoTime() + cap.toNanos(), seals, stop);
            } finally {
                stop.set(true);
                for (Thread writer : writers) {
                    writer.join();
                }
            }
            if (failure.get() != null) {
                throw new IllegalStateException("seal phase: a writer failed: " + failure.get(), failure.get());
            }
        }
        // The newest segment's first position is the count of events in the sealed ones (positions start at 0).
        long sealed = count(dir, ".seg") - 1;
        double perSegment = sealed <= 0 ? 0 : (double) newestFirstPosition(dir) / sealed;
        return new Result(segmentBytes, perSegment, List.copyOf(seals));
    }

    /** Notes each roll and each index written, until {@code wanted} seals are done or the deadline passes. */
    private static void watch(Path dir, int wanted, long deadline, List<Seal> seals, AtomicBoolean stop)
            throws IOException {
        long rolls = 0;
        long[] rolledAt = new long[wanted + 1];
        long cpuBefore = sealerCpu();
        while (seals.size() < wanted && System.nanoTime() < deadline && !stop.get()) {
            long segmentFiles = count(dir, ".seg");
            while (rolls < segmentFiles - 1 && rolls < wanted) {
                rolledAt[(int) rolls++] = System.nanoTime();
            }
            long indexes = count(dir, ".idx");
            if (indexes > seals.size() && seals.size() < rolls) {
                long cpu = sealerCpu();
                seals.add(new Seal(cpu - cpuBefore, System.nanoTime() - rolledAt[seals.size()]));
                cpuBefore = cpu;
                continue;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private static long newestFirstPosition(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(name -> name.endsWith(".seg"))
                    .mapToLong(name -> Long.parseLong(name.substring(0, name.length() - ".seg".length())))
                    .max().orElse(0);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static long sealerCpu() {
        return CpuClock.threadNanos(SEALER_THREAD).values().stream().mapToLong(Long::longValue).sum();
    }

    private static long count(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}

package dev.chorus.bench.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code bench log} measures and how much. The defaults finish in about a minute on a 2-core
 * machine; every phase is bounded both by a count and by time, so a slow disk cannot make it hang.
 */
record LogBenchOptions(
        boolean json,
        Optional<Path> dir,
        long diskBytes,
        int writers,
        long events,
        Duration seconds,
        Duration warmup,
        int latencyAppends,
        int latencyWarmup,
        long heapEvents,
        Duration heapSeconds,
        long heapSegmentBytes,
        int sealSegments,
        long sealSegmentBytes,
        Duration sealSeconds,
        int eventBytes) {

    static final String USAGE = """
            usage: chorus bench log [options]
              Measures, in one run and one directory: (a) the disk's limit (sequential writes, fsync per
              chunk; before and after the log), (b) the log's durable throughput with many concurrent
              appenders, and the same load without fsync for comparison, (c) single-writer acknowledgement
              latency beside the disk's own, (d) heap after GC before and after many appends, (e) what
              sealing a segment of one event per stream costs the sealer while appends go on. Prints a
              table with the targets (PASS/MISS); see docs/benchmarks.md.
            options:
              --json                  also print one JSON object as the last line
              --dir DIR               where to write (default: a temp dir under ./target or java.io.tmpdir);
                                      the benchmark's own files are deleted afterwards
              --disk-mb N             MiB written per chunk size when measuring the disk (default 512)
              --writers N             concurrent appenders, one virtual thread and stream each (default 1024)
              --events N              most events appended in the throughput phase (default 10000000)
              --seconds S             longest throughput measurement, after warm-up (default 15)
              --warmup-seconds S      throughput warm-up, not measured (default 2)
              --latency-appends N     single-writer appends measured (default 5000)
              --latency-warmup N      single-writer appends before measuring (default 5000)
              --heap-events N         events appended between the heap measurements (default 10000000, as the issue asks)
              --heap-seconds S        longest time for those appends (default 40)
              --heap-segment-mb N     segment size of the heap phase's log, small to cross many rolls (default 8)
              --seal-segments N       segments sealed in the seal phase (default 4)
              --seal-segment-mb N     segment size of the seal phase's log (default 64, the log's default)
              --seal-seconds S        longest time for the seal phase (default 30)
              --event-bytes N         payload bytes per event (default 200)
            """;

    private static final Set<String> FLAGS = Set.of("--json", "--help", "-h");
    private static final Set<String> OPTIONS = Set.of("--dir", "--disk-mb", "--writers", "--events", "--seconds",
            "--warmup-seconds", "--latency-appends", "--latency-warmup", "--heap-events", "--heap-seconds", "--heap-segment-mb",
            "--seal-segments", "--seal-segment-mb", "--seal-seconds", "--event-bytes");

    static boolean wantsHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    static LogBenchOptions parse(List<String> arguments) {
        var args = Args.parse(arguments, FLAGS, OPTIONS);
        return new LogBenchOptions(
                args.flag("--json"),
                args.value("--dir").map(Path::of),
                args.longValue("--disk-mb", 512, 1, 1 << 16) << 20,
                (int) args.longValue("--writers", 1024, 1, 100_000),
                args.longValue("--events", 10_000_000, 1, 1_000_000_000),
                seconds(args.doubleValue("--seconds", 15, 0.01, 3600)),
                seconds(args.doubleValue("--warmup-seconds", 2, 0, 600)),
                (int) args.longValue("--latency-appends", 5000, 1, 10_000_000),
                (int) args.longValue("--latency-warmup", 5000, 0, 10_000_000),
                args.longValue("--heap-events", 10_000_000, 1, 1_000_000_000),
                seconds(args.doubleValue("--heap-seconds", 40, 0.01, 3600)),
                args.longValue("--heap-segment-mb", 8, 1, 2047) << 20,
                (int) args.longValue("--seal-segments", 4, 1, 100),
                args.longValue("--seal-segment-mb", 64, 1, 2047) << 20,
                seconds(args.doubleValue("--seal-seconds", 30, 0.01, 3600)),
                (int) args.longValue("--event-bytes", 200, 1, 512 << 10));
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }
}

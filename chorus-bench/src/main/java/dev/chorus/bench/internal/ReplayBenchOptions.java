package dev.chorus.bench.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What {@code bench replay} writes and measures. Every phase is bounded by time as well as by count. */
record ReplayBenchOptions(
        boolean json,
        Optional<Path> dir,
        long events,
        int appendSize,
        int accounts,
        int hotRows,
        int batchSize,
        int rounds,
        Duration seconds) {

    static final String USAGE = """
            usage: chorus bench replay [options]
              Writes events to an embedded log in a temp dir (fsync off: only reading is measured), then
              measures, in one run: (a) reading the log page by page, the floor every reader stands on,
              (b) a subscription with a handler that does nothing, (c) a projection catching up from 0 into
              an in-memory read model: it decodes each event and updates the balance row of its account,
              committing its rows with its checkpoint every batch, (d) the same with the accounts folded into
              a few hot rows, so that events rewrite the same rows within a batch. Target: 2,000,000 events/s.
            options:
              --json                 also print one JSON object as the last line
              --dir DIR              where to write (default: a temp dir under ./target or java.io.tmpdir);
                                     the benchmark's own files are deleted afterwards
              --events N             events in the log (default 3000000)
              --append-size N        events per append (default 10)
              --accounts N           accounts, one balance row each in (c) (default 10000: in a batch of 1000
                                     every event writes a row of its own)
              --hot-rows N           balance rows in (d) (default 100)
              --batch-size N         the projection's batch size (default 1000, the projection default)
              --rounds N             measurements of each phase; the best is reported (default 3)
              --seconds S            longest one phase may take before the run is abandoned (default 120)
            """;

    private static final Set<String> FLAGS = Set.of("--json", "--help", "-h");
    private static final Set<String> OPTIONS = Set.of("--dir", "--events", "--append-size", "--accounts",
            "--hot-rows", "--batch-size", "--rounds", "--seconds");

    static boolean wantsHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    static ReplayBenchOptions parse(List<String> arguments) {
        var args = Args.parse(arguments, FLAGS, OPTIONS);
        return new ReplayBenchOptions(
                args.flag("--json"),
                args.value("--dir").map(Path::of),
                args.longValue("--events", 3_000_000, 1, 100_000_000),
                (int) args.longValue("--append-size", 10, 1, 10_000),
                (int) args.longValue("--accounts", 10_000, 1, 10_000_000),
                (int) args.longValue("--hot-rows", 100, 1, 10_000_000),
                (int) args.longValue("--batch-size", 1_000, 1, 1_000_000),
                (int) args.longValue("--rounds", 3, 1, 100),
                Duration.ofNanos((long) (args.doubleValue("--seconds", 120, 0.1, 3600) * 1e9)));
    }
}

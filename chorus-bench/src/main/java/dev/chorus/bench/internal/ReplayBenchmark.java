package dev.chorus.bench.internal;

import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.FsyncPolicy;
import dev.chorus.log.LogConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench replay}: how fast a projection catches up from position 0, next to how fast the log itself can be
 * read and how fast a subscription that does nothing gets through it, all in one run over the same log, so the
 * ratios say where the time goes on any machine.
 */
public final class ReplayBenchmark {
    private ReplayBenchmark() {}

    public static int run(List<String> args, PrintStream out) {
        return BenchRun.run("replay", args, out, ReplayBenchOptions.wantsHelp(args), ReplayBenchOptions.USAGE, ReplayBenchOptions::parse,
                ReplayBenchOptions::json, ReplayBenchmark::measure);
    }

    private static ReplayBenchReport measure(ReplayBenchOptions options, PrintStream out)
            throws IOException, InterruptedException {
        Path parent = options.dir().orElseGet(ReplayBenchmark::defaultParent);
        boolean createdParent = !Files.exists(parent);
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent, "chorus-bench-replay-");
        try {
            Path dir = work.resolve("log");
            progress(out, "writing %,d events to %s, %d per append, fsync off", options.events(), dir,
                    options.appendSize());
            ReplayPhases.Timing fill;
            try (var log = EmbeddedLog.open(config(dir))) {
                fill = ReplayPhases.fill(log, options);
            }
            long logBytes = LogFiles.segmentBytes(dir);
            var reads = new ArrayList<ReplayPhases.Timing>();
            var subscriptions = new ArrayList<ReplayPhases.Timing>();
            var projections = new ArrayList<ReplayPhases.Timing>();
            var hotProjections = new ArrayList<ReplayPhases.Timing>();
            // Opened again, as a restarted service would find it: the projection catches up from what is on disk.
            try (var log = EmbeddedLog.open(config(dir))) {
                for (int round = 1; round <= options.rounds(); round++) {
                    progress(out, "round %d of %d: log read, subscription, projection over %,d rows, over %,d rows",
                            round, options.rounds(), options.accounts(), options.hotRows());
                    reads.add(ReplayPhases.read(log));
                    subscriptions.add(ReplayPhases.subscribe(log, options.seconds()));
                    projections.add(ReplayPhases.project(log, options, "balances-" + round, options.accounts()));
                    hotProjections.add(ReplayPhases.project(log, options, "hot-" + round, options.hotRows()));
                }
            }
            return new ReplayBenchReport(options, logBytes, fill, reads, subscriptions, projections, hotProjections);
        } finally {
            LogFiles.deleteTree(work);
            if (createdParent) {
                try {
                    Files.deleteIfExists(parent);
                } catch (IOException notEmpty) {
                    // someone else put something there meanwhile: theirs to keep
                }
            }
        }
    }

    private static LogConfig config(Path dir) {
        return LogConfig.of(dir, c -> c.fsync = FsyncPolicy.NEVER);
    }

    /** Under the build's target/ when run from a module or the repository, where a clean removes strays. */
    private static Path defaultParent() {
        Path target = Path.of("target");
        return Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static void progress(PrintStream out, String format, Object... args) {
        out.println("... " + String.format(Locale.ROOT, format, args));
        out.flush();
    }
}

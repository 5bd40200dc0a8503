package dev.chorus.bench.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench saga}: how long Chorus Shop's choreography takes from {@code OrderPlaced} to {@code OrderConfirmed}
 * with all five services embedded on one durable log, under orders offered at a fixed rate, next to the disk's
 * fsync latency measured in the same run, so a reader can tell the disk's share from the services'.
 */
public final class SagaBenchmark {
    private static final int FSYNC_PROBES = 500;

    private SagaBenchmark() {}

    public static int run(List<String> args, PrintStream out) {
        return BenchRun.run("saga", args, out, SagaBenchOptions.wantsHelp(args), SagaBenchOptions.USAGE,
                SagaBenchmark::parse, SagaBenchOptions::json, SagaBenchmark::measure);
    }

    private static SagaBenchOptions parse(List<String> args) throws BadArgument {
        var options = SagaBenchOptions.parse(args);
        if (options.linesPerOrder() > options.skus()) {
            throw new BadArgument("--lines is at most --skus (each line of an order is another SKU); got "
                    + options.linesPerOrder() + " lines for " + options.skus() + " SKUs");
        }
        return options;
    }

    private static SagaBenchReport measure(SagaBenchOptions options, PrintStream out)
            throws IOException, InterruptedException {
        Path parent = options.dir().orElseGet(SagaBenchmark::defaultParent);
        boolean createdParent = !Files.exists(parent);
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent, "chorus-bench-saga-");
        try {
            progress(out, "measuring fsync: %d forced appends of %d bytes in %s", FSYNC_PROBES, FsyncProbe.BYTES, work);
            var fsync = FsyncProbe.measure(work, FSYNC_PROBES, Duration.ofSeconds(5));
            var result = SagaRun.run(work.resolve("shop"), options, (format, args) -> progress(out, format, args));
            return new SagaBenchReport(options, result, fsync);
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

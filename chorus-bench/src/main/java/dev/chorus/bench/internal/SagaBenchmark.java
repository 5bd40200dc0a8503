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
        if (SagaBenchOptions.wantsHelp(args)) {
            out.print(SagaBenchOptions.USAGE);
            return 0;
        }
        SagaBenchOptions options;
        try {
            options = SagaBenchOptions.parse(args);
            if (options.linesPerOrder() > options.skus()) {
                throw new BadArgument("--lines is at most --skus (each line of an order is another SKU); got "
                        + options.linesPerOrder() + " lines for " + options.skus() + " SKUs");
            }
        } catch (BadArgument e) {
            out.println("bench saga: " + e.getMessage() + "; 'chorus bench saga --help' lists the options");
            return 2;
        }
        try {
            var report = measure(options, out);
            report.printTable(out);
            if (options.json()) {
                out.println(report.json());
            }
            out.flush();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("bench saga: interrupted");
            return 1;
        } catch (Exception e) {
            out.println("bench saga failed: " + e);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                out.println("  caused by: " + cause);
            }
            return 1;
        }
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

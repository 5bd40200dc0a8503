package dev.chorus.bench.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench commands}: the write side end to end (load, decide, append, fsync) on the embedded log, next to
 * the fsync latency of the same disk in the same run, so the ratio holds however noisy the machine.
 */
public final class CommandBenchmark {
    private static final int PROBE_SYNCS = 300;
    private static final Duration PROBE_CAP = Duration.ofSeconds(2);
    private static final Duration LOG_ALONE_CAP = Duration.ofSeconds(8);

    private CommandBenchmark() {}

    public static int run(List<String> args, PrintStream out) {
        return BenchRun.run("commands", args, out, CommandBenchOptions.wantsHelp(args), CommandBenchOptions.USAGE, CommandBenchOptions::parse,
                CommandBenchOptions::json, CommandBenchmark::measure);
    }

    /** The runs, few waiting clients first (the comparable figures), each kind with snapshots off first. */
    static List<CommandRun.Setup> setups(CommandBenchOptions options) {
        var setups = new ArrayList<CommandRun.Setup>();
        for (boolean many : new boolean[] {false, true}) {
            int clients = many ? options.virtualClients() : options.clients();
            String who = many ? clients + " virtual-thread clients" : clients + " client threads";
            String key = many ? CommandBenchReport.MANY : "";
            setups.add(new CommandRun.Setup(who + ", snapshots off", key, clients, many, 0, 0));
            if (options.withSnapshots()) {
                setups.add(new CommandRun.Setup(who + ", snapshots every " + options.snapshotEvery(), key + "_snap",
                        clients, many, options.snapshotEvery(), 0));
            }
            if (options.stateCache() > 0) {
                setups.add(new CommandRun.Setup(who + ", state cache of " + options.stateCache(), key + "_cache",
                        clients, many, 0, options.stateCache()));
            }
        }
        return setups;
    }

    private static CommandBenchReport measure(CommandBenchOptions options, PrintStream out)
            throws IOException, InterruptedException {
        Path parent = options.dir().orElseGet(CommandBenchmark::defaultParent);
        boolean createdParent = !Files.exists(parent);
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent, "chorus-bench-commands-");
        try {
            String filesystem = describe(work);
            var probes = new ArrayList<FsyncProbe.Result>();
            var runs = new ArrayList<CommandRun.Result>();
            var logAlone = new ArrayList<CommandClients.Round>();
            for (boolean many : new boolean[] {false, true}) {
                // The log alone right before the command runs with the same clients, so both meet the same disk.
                int clients = many ? options.virtualClients() : options.clients();
                probes.add(probe(work, out));
                progress(out, "the log alone, %d clients: one event per append, no read or decision (at most %.0f s)",
                        clients, secs(LOG_ALONE_CAP));
                Path aloneDir = work.resolve("log-alone-" + clients);
                try {
                    logAlone.add(LogAloneRun.run(aloneDir, clients, many, options.accounts(),
                            Math.max(1, options.deposits()), LOG_ALONE_CAP));
                } finally {
                    LogFiles.deleteTree(aloneDir);
                }
                for (var setup : setups(options)) {
                    if (setup.virtual() != many) {
                        continue;
                    }
                    // A probe next to every run: the machine's other work comes and goes.
                    probes.add(probe(work, out));
                    progress(out, "%s: %,d creates, then %,d deposits (each phase at most %.0f s)", setup.label(),
                            options.accounts(), options.deposits(), secs(options.phaseCap()));
                    Path dir = work.resolve("run" + setup.key());
                    try {
                        runs.add(CommandRun.run(dir, setup, options.accounts(), options.deposits(),
                                options.phaseCap()));
                    } finally {
                        LogFiles.deleteTree(dir);
                    }
                }
            }
            probes.add(probe(work, out));
            return new CommandBenchReport(options, filesystem, probes, runs, logAlone.get(0), logAlone.get(1));
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

    private static FsyncProbe.Result probe(Path work, PrintStream out) throws IOException {
        progress(out, "fsync probe: %d forced %d-byte appends in %s", PROBE_SYNCS, FsyncProbe.BYTES, work);
        return FsyncProbe.measure(work, PROBE_SYNCS, PROBE_CAP);
    }

    /** Under the build's target/ when run from a module or the repository, where a clean removes strays. */
    private static Path defaultParent() {
        Path target = Path.of("target");
        return Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static String describe(Path dir) {
        try {
            var store = Files.getFileStore(dir);
            return store.type() + " on " + store.name() + " at " + dir.toAbsolutePath();
        } catch (IOException e) {
            return dir.toAbsolutePath().toString();
        }
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static void progress(PrintStream out, String format, Object... args) {
        out.println("... " + String.format(Locale.ROOT, format, args));
        out.flush();
    }
}

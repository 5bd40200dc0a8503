package dev.chorus.bench.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one {@code bench commands} run, against the fsync bound, the log alone and the targets.
 *
 * @param probes       fsync probes taken between the runs; their median p50 sets the bound
 * @param runs         the command runs, the few-clients one with snapshots off first
 * @param logAloneFew  the log alone with the few clients
 * @param logAloneMany the log alone with the many clients
 */
record CommandBenchReport(CommandBenchOptions options, String filesystem, List<FsyncProbe.Result> probes,
                          List<CommandRun.Result> runs, CommandClients.Round logAloneFew,
                          CommandClients.Round logAloneMany) implements BenchRun.Report {
    /** Share of the fsync bound the few waiting clients should reach. */
    static final double BOUND_TARGET = 0.7;
    /** Commands per second the many virtual-thread clients should reach. */
    static final double MANY_TARGET = 100_000;
    /**
     * JSON suffix of the many-clients runs. It stays "_1024" whatever --virtual-clients says, so that readers
     * of the line need not know the knob; "virtual_clients" holds the actual count.
     */
    static final String MANY = "_1024";

    CommandRun.Result few() {
        return run("");
    }

    CommandRun.Result many() {
        return run(MANY);
    }

    CommandRun.Result run(String key) {
        return runs.stream().filter(r -> r.setup().key().equals(key)).findFirst().orElseThrow();
    }

    /** Each probe's median fsync latency, ascending. */
    double[] probeMedians() {
        return probes.stream().mapToDouble(p -> p.percentileMs(50)).sorted().toArray();
    }

    /**
     * The median of the probes' medians: on a machine whose other work comes and goes, neither the one quiet
     * moment (which would hold the runs to a disk they never had) nor the one busy moment (which would flatter
     * them).
     */
    double fsyncMs() {
        double[] medians = probeMedians();
        return medians.length == 0 ? 0 : medians[(medians.length - 1) / 2];
    }

    double probeP99Ms() {
        return probes.stream().mapToDouble(p -> p.percentileMs(99)).sorted().toArray()[(probes.size() - 1) / 2];
    }

    /** At most one command per client per fsync: {@code clients ÷ fsync latency}. */
    double boundPerSecond() {
        return fsyncMs() <= 0 ? 0 : few().setup().clients() * 1000 / fsyncMs();
    }

    double ratio(CommandClients.Round round) {
        return boundPerSecond() == 0 ? 0 : round.perSecond() / boundPerSecond();
    }

    boolean consistent() {
        return runs.stream().allMatch(CommandRun.Result::consistent);
    }

    @Override
    public void printTable(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "chorus bench commands: %d cores, Java %s, %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), filesystem);
        out.printf(Locale.ROOT, "workload: %,d CreateAccount, then %,d Deposit to uniformly random accounts; durable"
                + " embedded log, fsync before every acknowledgement%n", options.accounts(), options.deposits());
        var table = new Table().row("measure", "figure", "target", "verdict");
        double[] medians = probeMedians();
        table.row("fsync of a " + FsyncProbe.BYTES + " B append, p50 / p99",
                f("%.3f / %.3f ms (median of %d probes; their p50s from %.3f to %.3f ms)", fsyncMs(), probeP99Ms(),
                        probes.size(), medians[0], medians[medians.length - 1]), "", "");
        table.row("bound for " + few().setup().clients() + " waiting clients (clients / fsync)",
                f("%,.0f commands/s", boundPerSecond()), "", "");
        table.row("the log alone, " + few().setup().clients() + " clients, one append each",
                rate(logAloneFew) + f(" = %.0f%% of bound", ratio(logAloneFew) * 100), "", "");
        table.row("the log alone, " + many().setup().clients() + " clients", rate(logAloneMany), "", "");
        for (var run : runs) {
            boolean isMany = run.setup().virtual();
            boolean judged = run == few() || run == many();
            var alone = isMany ? logAloneMany : logAloneFew;
            table.row(run.setup().label(), "", "", "");
            table.row("  phase 1: create", rate(run.create()) + share(run.create(), alone),
                    judged && !isMany ? f(">= %.0f%% of bound", BOUND_TARGET * 100) : "",
                    judged && !isMany ? verdict(ratio(run.create()) >= BOUND_TARGET)
                            + f(" (%.0f%%)", ratio(run.create()) * 100) : "");
            table.row("  phase 2: deposit", rate(run.deposit()) + share(run.deposit(), alone),
                    !judged ? "" : isMany ? f(">= %,.0f/s", MANY_TARGET) : f(">= %.0f%% of bound", BOUND_TARGET * 100),
                    !judged ? "" : isMany ? verdict(run.deposit().perSecond() >= MANY_TARGET)
                            : verdict(ratio(run.deposit()) >= BOUND_TARGET) + f(" (%.0f%%)", ratio(run.deposit()) * 100));
            table.row("  latency p50 / p99: create; deposit", f("%.2f / %.2f ms; %.2f / %.2f ms",
                    ms(run.createLatency(), 50), ms(run.createLatency(), 99), ms(run.depositLatency(), 50),
                    ms(run.depositLatency(), 99)), "", "");
            table.row("  the log: appends per fsync, mean fsync", f("%.1f, %.3f ms", run.writer().appendsPerBatch(),
                    run.writer().meanSyncMillis()), "", "");
            table.row("  conflicts retried, gave up; snapshots written", f("%,d, %,d; %,d", run.retries(),
                    run.gaveUp(), run.snapshots()), "", "");
            table.row("  events in the log = commands acknowledged", f("%,d = %,d", run.eventsInLog(),
                    run.acknowledged()), "", run.consistent() ? "ok" : "MISMATCH");
        }
        table.print(out);
        out.println("for scale, not measured in this run: Axon Framework 4.13, JDBC store on local PostgreSQL,"
                + " 16 threads, no cache, no snapshots: 4.9 k creates/s, 2.1 k deposits/s, p99 38 ms");
    }

    @Override
    public String json() {
        var json = new JsonLine()
                .put("bench", "commands")
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("java", Runtime.version().toString())
                .put("filesystem", filesystem)
                .put("fsync", true)
                .put("accounts", options.accounts())
                .put("deposits", options.deposits())
                .put("clients", few().setup().clients())
                .put("virtual_clients", many().setup().clients())
                .put("fsync_ms", fsyncMs())
                .put("fsync_p99_ms", probeP99Ms())
                .put("fsync_probe_min_ms", probeMedians()[0])
                .put("fsync_probe_max_ms", probeMedians()[probes.size() - 1])
                .put("fsync_probes", probes.size())
                .put("bound_cmds_per_s", boundPerSecond())
                .put("log_alone_cmds_per_s", logAloneFew.perSecond())
                .put("log_alone_cmds_per_s" + MANY, logAloneMany.perSecond())
                .put("log_alone_ratio_to_bound", ratio(logAloneFew));
        for (var run : runs) {
            figures(json, run, run.setup().key());
        }
        return json.put("phase1_ratio_to_bound", ratio(few().create()))
                .put("ratio_to_bound", ratio(few().deposit()))
                .put("ratio_target", BOUND_TARGET)
                .put("ratio_pass", ratio(few().deposit()) >= BOUND_TARGET && ratio(few().create()) >= BOUND_TARGET)
                .put("ratio_to_log_alone", share(few().deposit().perSecond(), logAloneFew.perSecond()))
                .put("ratio_to_log_alone" + MANY, share(many().deposit().perSecond(), logAloneMany.perSecond()))
                .put("target" + MANY, MANY_TARGET)
                .put("pass" + MANY, many().deposit().perSecond() >= MANY_TARGET)
                .put("snapshot_every", options.snapshotEvery())
                .put("state_cache", options.stateCache())
                .put("consistent", consistent())
                .toString();
    }

    private static void figures(JsonLine json, CommandRun.Result run, String suffix) {
        json.put("phase1_cmds_per_s" + suffix, run.create().perSecond())
                .put("phase2_cmds_per_s" + suffix, run.deposit().perSecond())
                .put("phase1_cmds" + suffix, run.create().commands())
                .put("phase2_cmds" + suffix, run.deposit().commands())
                .put("p50_ms" + suffix, ms(run.depositLatency(), 50))
                .put("p99_ms" + suffix, ms(run.depositLatency(), 99))
                .put("phase1_p50_ms" + suffix, ms(run.createLatency(), 50))
                .put("phase1_p99_ms" + suffix, ms(run.createLatency(), 99))
                .put("retries" + suffix, run.retries())
                .put("gave_up" + suffix, run.gaveUp())
                .put("snapshots" + suffix, run.snapshots())
                .put("appends_per_fsync" + suffix, run.writer().appendsPerBatch())
                .put("log_fsync_ms" + suffix, run.writer().meanSyncMillis());
    }

    private static double share(double part, double whole) {
        return whole == 0 ? 0 : part / whole;
    }

    private static String share(CommandClients.Round round, CommandClients.Round alone) {
        return f(" = %.0f%% of the log alone", share(round.perSecond(), alone.perSecond()) * 100);
    }

    private static double ms(LatencyHistogram histogram, double p) {
        return histogram.percentile(p) / 1e6;
    }

    private static String rate(CommandClients.Round round) {
        return f("%,.0f/s (%,d in %.2f s)", round.perSecond(), round.commands(), round.nanos() / 1e9);
    }

    private static String verdict(boolean pass) {
        return pass ? "PASS" : "MISS";
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

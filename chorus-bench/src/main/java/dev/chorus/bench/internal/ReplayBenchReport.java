package dev.chorus.bench.internal;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one {@code bench replay} run: the best round of each phase, each next to the log read it stands
 * on, and the projection against the target.
 */
record ReplayBenchReport(ReplayBenchOptions options, long logBytes, ReplayPhases.Timing fill,
                         List<ReplayPhases.Timing> reads, List<ReplayPhases.Timing> subscriptions,
                         List<ReplayPhases.Timing> projections, List<ReplayPhases.Timing> hotProjections) implements BenchRun.Report {
    static final double TARGET_EVENTS_PER_SECOND = 2_000_000;

    ReplayPhases.Timing read() {
        return best(reads);
    }

    ReplayPhases.Timing subscription() {
        return best(subscriptions);
    }

    /** The headline: every event of a batch writes a row of its own, so batching saves no store write. */
    ReplayPhases.Timing projection() {
        return best(projections);
    }

    ReplayPhases.Timing hotProjection() {
        return best(hotProjections);
    }

    double eventsPerSecond() {
        return projection().eventsPerSecond();
    }

    boolean pass() {
        return pass(projection());
    }

    @Override
    public void printTable(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "chorus bench replay: %d cores, Java %s; %,d events of %d bytes (%.1f B framed),"
                        + " %d per append; batches of %,d; best of %d rounds%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), options.events(),
                ReplayLedger.event(0, 1).data().length, (double) logBytes / options.events(), options.appendSize(),
                options.batchSize(), options.rounds());
        var table = new Table().row("phase", "events/s", "ns/event", "CPU ns/event", "GC ms", "vs log read",
                "target", "verdict");
        row(table, "log read (readAll pages)", read(), "", "");
        row(table, "subscription, no-op handler", subscription(), "", "");
        row(table, f("projection, %,d rows", Math.min(options.accounts(), options.events())), projection(),
                f("≥ %,.0f/s", TARGET_EVENTS_PER_SECOND), pass() ? "PASS" : "MISS");
        row(table, f("projection, %,d hot rows", Math.min(options.hotRows(), options.accounts())), hotProjection(),
                f("≥ %,.0f/s", TARGET_EVENTS_PER_SECOND), pass(hotProjection()) ? "PASS" : "MISS");
        table.print(out);
        out.printf(Locale.ROOT, "(filling the log, fsync off: %,.0f events/s; every round: read %s; subscription %s;"
                        + " projection %s; hot rows %s)%n", fill.eventsPerSecond(), rates(reads),
                rates(subscriptions), rates(projections), rates(hotProjections));
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        if (load > Runtime.getRuntime().availableProcessors() / 2.0) {
            out.printf(Locale.ROOT, "1-minute load average %.2f: other work was running; run again on a quiet"
                    + " machine for steadier figures%n", load);
        }
    }

    @Override
    public String json() {
        return new JsonLine()
                .put("benchmark", "replay")
                .put("events_per_s", eventsPerSecond())
                .put("events", options.events())
                .put("ns_per_event", projection().nanosPerEvent())
                .put("cpu_ns_per_event", projection().cpuNanosPerEvent())
                .put("hot_rows_events_per_s", hotProjection().eventsPerSecond())
                .put("read_events_per_s", read().eventsPerSecond())
                .put("subscription_events_per_s", subscription().eventsPerSecond())
                .put("ratio_to_log_read", ratio(projection()))
                .put("target_events_per_s", TARGET_EVENTS_PER_SECOND)
                .put("pass", pass())
                .put("rows", Math.min(options.accounts(), options.events()))
                .put("hot_rows", Math.min(options.hotRows(), options.accounts()))
                .put("batch_size", options.batchSize())
                .put("append_size", options.appendSize())
                .put("framed_event_bytes", (double) logBytes / options.events())
                .put("rounds", options.rounds())
                .put("cores", Runtime.getRuntime().availableProcessors())
                .toString();
    }

    private static boolean pass(ReplayPhases.Timing timing) {
        return timing.eventsPerSecond() >= TARGET_EVENTS_PER_SECOND;
    }

    private double ratio(ReplayPhases.Timing timing) {
        double floor = read().eventsPerSecond();
        return floor == 0 ? 0 : timing.eventsPerSecond() / floor;
    }

    private void row(Table table, String phase, ReplayPhases.Timing timing, String target, String verdict) {
        table.row(phase, f("%,.0f", timing.eventsPerSecond()), f("%.0f", timing.nanosPerEvent()),
                timing.cpuNanosPerEvent() < 0 ? "n/a" : f("%.0f", timing.cpuNanosPerEvent()),
                Long.toString(timing.gcMillis()), f("%.2f", ratio(timing)), target, verdict);
    }

    private static ReplayPhases.Timing best(List<ReplayPhases.Timing> rounds) {
        return rounds.stream().max(Comparator.comparingDouble(ReplayPhases.Timing::eventsPerSecond)).orElseThrow();
    }

    private static String rates(List<ReplayPhases.Timing> rounds) {
        return String.join(" / ", rounds.stream().map(t -> f("%,.0f", t.eventsPerSecond())).toList());
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

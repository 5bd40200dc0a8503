package dev.chorus.bench.internal;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/** The figures of one {@code bench saga} run, against the target, next to the disk's fsync latency. */
record SagaBenchReport(SagaBenchOptions options, SagaRun.Result run, FsyncProbe.Result fsync) implements BenchRun.Report {
    static final double TARGET_P99_MS = 5;
    static final double TARGET_ORDERS_PER_SECOND = 1_000;

    double p50Ms() {
        return ms(run.sagaNanos(), 50);
    }

    double p99Ms() {
        return ms(run.sagaNanos(), 99);
    }

    double maxMs() {
        return ms(run.sagaNanos(), 100);
    }

    /**
     * Confirmed counted orders per second, over the counted window or up to the last outcome seen when that came
     * later: a system that keeps up achieves the offered rate, not more (the last order is due one period before
     * the window ends).
     */
    double achievedOrdersPerSecond() {
        long nanos = Math.max(run.windowNanos(), options.measure().toNanos());
        return nanos <= 0 ? 0 : run.confirmed() / (nanos / 1e9);
    }

    /**
     * PASS when p99 is within the target, the offered rate was at least the target's and every counted order
     * confirmed at about that rate: a run that dropped or fell behind does not pass on the orders it did finish.
     */
    boolean pass() {
        return run.confirmed() > 0 && run.confirmed() == run.orders()
                && options.ordersPerSecond() >= TARGET_ORDERS_PER_SECOND
                && achievedOrdersPerSecond() >= 0.95 * options.ordersPerSecond()
                && p99Ms() <= TARGET_P99_MS;
    }

    @Override
    public void printTable(PrintStream out) {
        int cores = Runtime.getRuntime().availableProcessors();
        out.println();
        out.printf(Locale.ROOT, "chorus bench saga: %d cores, Java %s; Chorus Shop's five services on the embedded"
                        + " log, fsync on; %,.0f orders/s offered open-loop, %.1f s warm-up + %.1f s counted;"
                        + " %d customers, %d SKUs, %d line(s) per order%n", cores, Runtime.version(),
                options.ordersPerSecond(), options.warmup().toNanos() / 1e9, options.measure().toNanos() / 1e9,
                options.customers(), options.skus(), options.linesPerOrder());
        var table = new Table().row("latency", "p50 ms", "p99 ms", "max ms", "samples", "target", "verdict");
        table.row("OrderPlaced → OrderConfirmed (visible on the log)", f("%.2f", p50Ms()), f("%.2f", p99Ms()),
                f("%.2f", maxMs()), f("%,d", run.sagaNanos().length), f("p99 ≤ %.0f ms at %,.0f/s", TARGET_P99_MS,
                        TARGET_ORDERS_PER_SECOND), pass() ? "PASS" : "MISS");
        latency(table, "  inventory: OrderPlaced → StockReserved", run.stageNanos().inventory());
        latency(table, "  payments: StockReserved → PaymentAuthorized", run.stageNanos().payments());
        latency(table, "  orders: PaymentAuthorized → OrderConfirmed", run.stageNanos().orders());
        latency(table, "scheduled placement → OrderConfirmed", run.endToEndNanos());
        latency(table, "scheduled placement → placeOrder returned", run.placementNanos());
        latency(table, "fsync of " + FsyncProbe.BYTES + " B (probe, same disk)", fsync.sortedNanos());
        table.print(out);
        out.printf(Locale.ROOT, "orders: %,d counted, %,d placed, %,d confirmed, %,d cancelled, %,d failed to place,"
                        + " %,d skipped (over %,d in flight); achieved %,.0f confirmed orders/s%n", run.orders(),
                run.placed(), run.confirmed(), run.cancelled(), run.failed(), run.skipped(), options.maxInFlight(),
                achievedOrdersPerSecond());
        var writer = run.writer();
        out.printf(Locale.ROOT, "log while counting: %,d events (%.1f per order), %,d appends in %,d fsync'd batches"
                        + " (%.2f per batch, mean fsync %.2f ms); CPU %s%n", run.eventsWritten(),
                run.orders() == 0 ? 0 : (double) run.eventsWritten() / run.orders(), writer.appends(), writer.batches(),
                writer.appendsPerBatch(), writer.meanSyncMillis(),
                cpuCores() < 0 ? "n/a" : f("%.2f of %d cores busy", cpuCores(), cores));
        var state = run.state();
        out.printf(Locale.ROOT, "state store while counting: %,d commits (%.1f per order) in %,d synced journal writes"
                + " (%.1f per order), %,.0f journal bytes per order, %d compactions%n", state.commits(),
                perOrder(state.commits()), state.syncs(), perOrder(state.syncs()), perOrder(state.bytes()),
                state.compactions());
        var slow = run.slow();
        out.printf(Locale.ROOT, "orders over %.0f ms: %,d (p99 within the target allows %,d); the busiest half-seconds"
                        + " of the counted window (s:orders): %s%n", TARGET_P99_MS, slow.orders(),
                run.sagaNanos().length / 100, slow.byHalfSecond().isEmpty() ? "none"
                        : SagaTimeline.busiest(slow.byHalfSecond(), 5));
        out.printf(Locale.ROOT, "meanwhile (s from the window's start): %s%n",
                slow.happenings().isEmpty() ? "nothing noted" : slow.happenings());
        for (String failure : run.failures()) {
            out.println(failure);
        }
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        if (load > cores + 0.5) {
            out.printf(Locale.ROOT, "1-minute load average %.2f: other work was running; run again on a quiet"
                    + " machine for steadier figures%n", load);
        }
    }

    @Override
    public String json() {
        return new JsonLine()
                .put("benchmark", "saga")
                .put("offered_orders_per_s", options.ordersPerSecond())
                .put("achieved_orders_per_s", achievedOrdersPerSecond())
                .put("orders", run.orders())
                .put("placed", run.placed())
                .put("confirmed", run.confirmed())
                .put("cancelled", run.cancelled())
                .put("failed", run.failed())
                .put("skipped", run.skipped())
                .put("p50_ms", p50Ms())
                .put("p99_ms", p99Ms())
                .put("max_ms", maxMs())
                .put("e2e_p50_ms", ms(run.endToEndNanos(), 50))
                .put("e2e_p99_ms", ms(run.endToEndNanos(), 99))
                .put("place_p50_ms", ms(run.placementNanos(), 50))
                .put("place_p99_ms", ms(run.placementNanos(), 99))
                .put("inventory_p99_ms", ms(run.stageNanos().inventory(), 99))
                .put("payments_p99_ms", ms(run.stageNanos().payments(), 99))
                .put("orders_p99_ms", ms(run.stageNanos().orders(), 99))
                .put("fsync_ms", fsync.percentileMs(50))
                .put("fsync_p99_ms", fsync.percentileMs(99))
                .put("log_mean_fsync_ms", run.writer().meanSyncMillis())
                .put("appends_per_fsync", run.writer().appendsPerBatch())
                .put("events_per_order", run.orders() == 0 ? 0 : (double) run.eventsWritten() / run.orders())
                .put("state_commits_per_order", perOrder(run.state().commits()))
                .put("state_syncs_per_order", perOrder(run.state().syncs()))
                .put("state_bytes_per_order", perOrder(run.state().bytes()))
                .put("state_compactions", run.state().compactions())
                .put("cpu_cores_busy", cpuCores())
                .put("slow_orders", run.slow().orders())
                .put("slow_half_seconds", SagaTimeline.busiest(run.slow().byHalfSecond(), 8))
                .put("happenings", run.slow().happenings())
                .put("target_p99_ms", TARGET_P99_MS)
                .put("target_orders_per_s", TARGET_ORDERS_PER_SECOND)
                .put("pass", pass())
                .put("warmup_s", options.warmup().toNanos() / 1e9)
                .put("seconds", options.measure().toNanos() / 1e9)
                .put("cores", Runtime.getRuntime().availableProcessors())
                .toString();
    }

    private double perOrder(long total) {
        return run.orders() == 0 ? 0 : (double) total / run.orders();
    }

    private double cpuCores() {
        return run.cpuNanos() < 0 || run.measuredWallNanos() <= 0 ? -1
                : (double) run.cpuNanos() / run.measuredWallNanos();
    }

    private static void latency(Table table, String what, long[] sorted) {
        table.row(what, f("%.2f", ms(sorted, 50)), f("%.2f", ms(sorted, 99)), f("%.2f", ms(sorted, 100)),
                f("%,d", sorted.length), "", "");
    }

    private static double ms(long[] sorted, double p) {
        return Percentiles.of(sorted, p) / 1e6;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

package dev.chorus.bench.internal;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one {@code bench kafka} run against their targets. */
record KafkaBenchReport(KafkaBenchOptions options, double loadAverageBefore, String broker, List<RelayRun.Result> relayRuns,
                        List<ProducerPerfRun.Result> toolRuns, ProducerPerfRun.Result toolAtWireSize,
                        Map<String, String> producerProperties,
                        DistributedSagaRun.Result saga) implements BenchRun.Report {
    static final double TARGET_RELAY_RATIO = 0.8;
    static final double TARGET_P99_MS = 50;
    static final double TARGET_ORDERS_PER_SECOND = 500;

    RelayRun.Result bestRelay() {
        return relayRuns.stream().max(Comparator.comparingDouble(RelayRun.Result::perSecond)).orElseThrow();
    }

    ProducerPerfRun.Result bestTool() {
        return toolRuns.stream().max(Comparator.comparingDouble(ProducerPerfRun.Result::perSecond))
                .orElseThrow();
    }

    boolean relayMeasured() {
        return !relayRuns.isEmpty() && !toolRuns.isEmpty();
    }

    double relayRatio() {
        if (!relayMeasured()) {
            return Double.NaN;
        }
        double tool = bestTool().perSecond();
        return tool <= 0 ? 0 : bestRelay().perSecond() / tool;
    }

    boolean relayPass() {
        return relayRatio() >= TARGET_RELAY_RATIO;
    }

    double p50Ms() {
        return settleMs(50);
    }

    double p99Ms() {
        return settleMs(99);
    }

    double maxMs() {
        return settleMs(100);
    }

    /**
     * Percentile {@code p} of the counted orders' latency, where an order that never settled (or was never placed)
     * counts as slower than any that did: not a number when the percentile falls on such an order.
     */
    double settleMs(double p) {
        long counted = Math.max(saga.orders(), saga.settleNanos().length);
        if (counted == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * counted));
        return rank > saga.settleNanos().length ? Double.NaN : saga.settleNanos()[(int) rank - 1] / 1e6;
    }

    /** Outcomes (shipped or cancelled, of any order) arriving in the API's store per second of the counted time. */
    double achievedOrdersPerSecond() {
        double seconds = options.measure().toNanos() / 1e9;
        return seconds <= 0 ? 0 : saga.outcomesInWindow() / seconds;
    }

    /**
     * PASS when p99 is within the target at an offered rate of at least the target's, every counted order shipped,
     * and outcomes kept up with the offered rate: a run that dropped or fell behind does not pass on the orders it
     * did finish.
     */
    boolean sagaPass() {
        return saga.shipped() > 0 && saga.shipped() == saga.orders()
                && options.ordersPerSecond() >= TARGET_ORDERS_PER_SECOND
                && achievedOrdersPerSecond() >= 0.95 * options.ordersPerSecond()
                && p99Ms() <= TARGET_P99_MS;
    }

    @Override
    public void printTable(PrintStream out) {
        int cores = Runtime.getRuntime().availableProcessors();
        out.println();
        out.printf(Locale.ROOT, "chorus bench kafka: %d cores, Java %s; %s%n", cores, Runtime.version(), broker);
        if (relayMeasured()) {
            printRelay(out);
        } else {
            out.println("1. relay vs Kafka's ProducerPerformance: skipped (--saga-only)");
        }
        printSaga(out, cores);
    }

    private void printRelay(PrintStream out) {
        var relay = bestRelay();
        var tool = bestTool();
        out.printf(Locale.ROOT, "1. relay vs Kafka's ProducerPerformance: %,d events/records of %d B value, 6 partitions,"
                        + " producer %s%n", options.events(), options.payloadBytes(), producerSettings());
        var table = new Table().row("publisher", "records/s", "runs (records/s)", "MB/s of values", "target", "verdict");
        table.row("Chorus relay (in-memory store → topic, until checkpoint = head)", f("%,.0f", relay.perSecond()),
                runs(relayRuns.stream().mapToDouble(RelayRun.Result::perSecond).toArray()),
                f("%.1f", relay.perSecond() * options.payloadBytes() / 1e6), f("≥ %.1f × tool", TARGET_RELAY_RATIO),
                f("%s (%.2f)", relayPass() ? "PASS" : "MISS", relayRatio()));
        table.row("ProducerPerformance (kafka-tools)", f("%,.0f", tool.perSecond()),
                runs(toolRuns.stream().mapToDouble(ProducerPerfRun.Result::perSecond).toArray()),
                f("%.1f", tool.perSecond() * options.payloadBytes() / 1e6), "", "");
        table.row(f("ProducerPerformance, %d B values (for scale: the relay's whole record)", relay.wire().total()),
                f("%,.0f", toolAtWireSize.perSecond()), f("%,.0f", toolAtWireSize.perSecond()),
                f("%.1f", toolAtWireSize.perSecond() * relay.wire().total() / 1e6), "",
                f("relay at %.2f of it", toolAtWireSize.perSecond() <= 0 ? 0
                        : relay.perSecond() / toolAtWireSize.perSecond()));
        table.print(out);
        var wire = relay.wire();
        out.printf(Locale.ROOT, "relay record on the wire: key %d B + value %d B + %d CloudEvents headers %d B = %d B;"
                + " the tool's: no key, value %d B, no headers%n", wire.keyBytes(), wire.valueBytes(), wire.headers(),
                wire.headerBytes(), wire.total(), options.payloadBytes());
        out.println("tool's own line (best run): " + tool.line());
    }

    private void printSaga(PrintStream out, int cores) {
        out.println();
        out.printf(Locale.ROOT, "2. Chorus Shop distributed: six roles on %s, facts through the broker; %,.0f orders/s"
                        + " offered open-loop, %.1f s warm-up + %.1f s counted; %d customers, %d SKUs%n",
                saga.postgres(), options.ordersPerSecond(), options.warmup().toNanos() / 1e9,
                options.measure().toNanos() / 1e9, options.customers(), options.skus());
        var latencies = new Table().row("latency", "p50 ms", "p99 ms", "max ms", "samples", "target", "verdict");
        latencies.row("scheduled → SHIPPED/CANCELLED in the API's store", ms(p50Ms()), ms(p99Ms()), ms(maxMs()),
                f("%,d of %,d", saga.settleNanos().length, saga.orders()), f("p99 ≤ %.0f ms at %,.0f/s", TARGET_P99_MS,
                        TARGET_ORDERS_PER_SECOND), sagaPass() ? "PASS" : "MISS");
        latency(latencies, "  scheduled → OrderPlaced in the API's store (api → orders → api)", saga.toPlacedNanos());
        latency(latencies, "  OrderPlaced → OrderConfirmed (inventory, payments, orders)", saga.toConfirmedNanos());
        latency(latencies, "  OrderConfirmed → OrderShipped (shipping, orders)", saga.toShippedNanos());
        latency(latencies, "scheduled → POST /api/orders answered", saga.placementNanos());
        latencies.print(out);
        if (saga.settled() < saga.orders()) {
            out.printf(Locale.ROOT, "n/a: the percentile falls on a counted order that had not settled by the end of"
                    + " the drain (%,d of %,d had not)%n", saga.orders() - saga.settled(), saga.orders());
        }
        out.printf(Locale.ROOT, "orders: %,d counted, %,d placed, %,d shipped, %,d cancelled, %,d failed to place,"
                        + " %,d skipped (over %,d placements in flight); achieved %,.1f outcomes/s in the counted"
                        + " seconds (offered %,.0f/s)%n", saga.orders(), saga.placed(), saga.shipped(),
                saga.cancelled(), saga.failed(), saga.skipped(), options.maxInFlight(), achievedOrdersPerSecond(),
                options.ordersPerSecond());
        printCosts(out, cores);
        out.printf(Locale.ROOT, "read model agrees with the store on %d of %d sampled orders%n",
                saga.readModelAgreed(), saga.readModelChecked());
        for (String failure : saga.failures()) {
            out.println("a placement failed: " + failure);
        }
        // Only the load before counts: this benchmark's own threads raise it while it runs.
        if (loadAverageBefore > 1) {
            out.printf(Locale.ROOT, "1-minute load average %.2f before the run: other work was running; run again on a"
                    + " quiet machine for steadier figures%n", loadAverageBefore);
        }
    }

    @Override
    public String json() {
        boolean measured = relayMeasured();
        return new JsonLine()
                .put("benchmark", "kafka")
                .put("relay_per_s", measured ? bestRelay().perSecond() : Double.NaN)
                .put("producer_perf_per_s", measured ? bestTool().perSecond() : Double.NaN)
                .put("relay_ratio", relayRatio())
                .put("relay_pass", measured && relayPass())
                .put("events", options.events())
                .put("record_value_bytes", options.payloadBytes())
                .put("relay_record_wire_bytes", measured ? bestRelay().wire().total() : Double.NaN)
                .put("producer_perf_p99_ms", measured ? bestTool().p99Ms() : Double.NaN)
                .put("producer_perf_wire_size_per_s", measured ? toolAtWireSize.perSecond() : Double.NaN)
                .put("saga_p50_ms", p50Ms())
                .put("saga_p99_ms", p99Ms())
                .put("saga_max_ms", maxMs())
                .put("saga_orders_per_s", achievedOrdersPerSecond())
                .put("saga_offered_per_s", options.ordersPerSecond())
                .put("saga_facts_in_logs", options.logs())
                .put("saga_pass", sagaPass())
                .put("orders", saga.orders())
                .put("shipped", saga.shipped())
                .put("cancelled", saga.cancelled())
                .put("failed", saga.failed())
                .put("skipped", saga.skipped())
                .put("place_p99_ms", percentileMs(saga.placementNanos(), 99))
                .put("to_placed_p99_ms", percentileMs(saga.toPlacedNanos(), 99))
                .put("to_confirmed_p99_ms", percentileMs(saga.toConfirmedNanos(), 99))
                .put("to_shipped_p99_ms", percentileMs(saga.toShippedNanos(), 99))
                .put("settled", saga.settled())
                .put("jvm_cpu_cores_busy", saga.costs().cores(saga.costs().jvmCpuNanos()))
                .put("postgres_cpu_cores_busy", saga.costs().cores(saga.costs().postgresCpuNanos()))
                .put("jvm_cpu_ms_per_order", saga.costs().jvmCpuNanos() < 0 ? Double.NaN
                        : saga.costs().jvmCpuNanos() / 1e6 / Math.max(1, saga.costOutcomes()))
                .put("postgres_cpu_ms_per_order", saga.costs().postgresCpuNanos() < 0 ? Double.NaN
                        : saga.costs().postgresCpuNanos() / 1e6 / Math.max(1, saga.costOutcomes()))
                .put("postgres_transactions_per_order", saga.costs().postgresTransactions() < 0 ? Double.NaN
                        : (double) saga.costs().postgresTransactions() / Math.max(1, saga.costOutcomes()))
                .put("load_average_before", loadAverageBefore)
                .put("cores", Runtime.getRuntime().availableProcessors())
                .toString();
    }

    /** Where the time went while counting and draining, per order that settled meanwhile. */
    private void printCosts(PrintStream out, int cores) {
        var costs = saga.costs();
        long orders = Math.max(1, saga.costOutcomes());
        out.printf(Locale.ROOT, "spent over %.1f s of counting and draining, %,d outcomes: this JVM %s, PostgreSQL %s"
                        + " (of %d cores); per outcome %s JVM CPU, %s PostgreSQL CPU, %s PostgreSQL transactions,"
                        + " broker requests %s%n", costs.wallNanos() / 1e9, saga.costOutcomes(),
                cores(costs.jvmCpuNanos()), cores(costs.postgresCpuNanos()), cores,
                perOrderMs(costs.jvmCpuNanos(), orders), perOrderMs(costs.postgresCpuNanos(), orders),
                costs.postgresTransactions() < 0 ? "n/a" : f("%.0f", (double) costs.postgresTransactions() / orders),
                requests(costs.brokerRequests(), orders));
        var groups = new StringBuilder();
        costs.threadGroupNanos().forEach((group, nanos) -> groups.append(groups.isEmpty() ? "" : "; ")
                .append(group).append(' ').append(f("%.2f", costs.cores(nanos))));
        out.println("JVM CPU by thread group (cores): " + groups);
        if (!costs.tableStatistics().isEmpty()) {
            var tables = new StringBuilder();
            costs.tableStatistics().forEach((key, count) -> tables.append(tables.isEmpty() ? "" : "; ").append(key)
                    .append(' ').append(f("%.1f", (double) count / orders)));
            out.println("PostgreSQL per outcome by table (index scans, sequential scans, rows inserted, updated,"
                    + " deleted): " + tables);
        }
    }

    private static String perOrderMs(long nanos, long orders) {
        return nanos < 0 ? "n/a" : f("%.1f ms", nanos / 1e6 / orders);
    }

    /** Produce, consumer fetch and offset-commit requests per order, the ones a saga's hops make. */
    private static String requests(Map<String, Long> requests, long orders) {
        var text = new StringBuilder();
        for (String type : List.of("Produce", "FetchConsumer", "OffsetCommit")) {
            if (requests.containsKey(type)) {
                text.append(text.isEmpty() ? "" : ", ").append(type).append(' ')
                        .append(f("%.1f", (double) requests.get(type) / orders));
            }
        }
        return text.isEmpty() ? "n/a" : text.toString();
    }

    private String producerSettings() {
        var shown = new StringBuilder();
        for (String key : List.of("acks", "enable.idempotence", "linger.ms", "batch.size", "compression.type")) {
            shown.append(shown.isEmpty() ? "" : ", ").append(key).append('=')
                    .append(producerProperties.getOrDefault(key, "default"));
        }
        return shown.toString();
    }

    private String cores(long cpuNanos) {
        double busy = saga.costs().cores(cpuNanos);
        return busy < 0 ? "n/a" : f("%.2f cores busy", busy);
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "n/a" : f("%.1f", millis);
    }

    private static String runs(double[] perSecond) {
        var text = new StringBuilder();
        for (double rate : perSecond) {
            text.append(text.isEmpty() ? "" : ", ").append(f("%,.0f", rate));
        }
        return text.toString();
    }

    private static void latency(Table table, String what, long[] sorted) {
        table.row(what, ms(percentileMs(sorted, 50)), ms(percentileMs(sorted, 99)), ms(percentileMs(sorted, 100)),
                f("%,d", sorted.length), "", "");
    }

    /** Not a number when there are no samples. */
    private static double percentileMs(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : Percentiles.of(sorted, p) / 1e6;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

package dev.chorus.bench.internal;

import dev.chorus.devkafka.DevKafka;
import dev.chorus.kafka.KafkaSettings;
import dev.chorus.kafka.RelayConfig;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * {@code bench kafka}: on one Kafka broker in this JVM, the relay's publish rate beside Kafka's own producer tool
 * with the same record size and producer settings, then Chorus Shop distributed on that broker and PostgreSQL,
 * its saga's latency under orders offered at a fixed rate.
 */
public final class KafkaBenchmark {
    private KafkaBenchmark() {}

    public static int run(List<String> args, PrintStream out) {
        return BenchRun.run("kafka", args, out, KafkaBenchOptions.wantsHelp(args), KafkaBenchOptions.USAGE,
                KafkaBenchOptions::parse, KafkaBenchOptions::json, KafkaBenchmark::measure);
    }

    private static KafkaBenchReport measure(KafkaBenchOptions options, PrintStream out) throws Exception {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        progress(out, "starting a Kafka broker in this JVM (KRaft, single node, temp dir)");
        try (var broker = DevKafka.start(c -> { })) {
            var kafka = KafkaSettings.of(broker.bootstrapServers());
            String brokerLine = "Apache Kafka " + AppInfoParser.getVersion() + " broker in this JVM at "
                    + broker.bootstrapServers();
            var relayRuns = new ArrayList<RelayRun.Result>();
            var toolRuns = new ArrayList<ProducerPerfRun.Result>();
            var toolAtWireSize = options.sagaOnly() ? null : publishing(kafka, options, relayRuns, toolRuns, out);
            var saga = DistributedSagaRun.run(kafka, options, (format, args) -> progress(out, format, args));
            return new KafkaBenchReport(options, load, brokerLine, relayRuns, toolRuns, toolAtWireSize,
                    ProducerPerfRun.producerProperties(kafka), saga);
        }
    }

    /**
     * Warm-up of both, then relay, tool, tool, relay: neither always goes first, and the best of each counts. Last,
     * for scale, the tool once more with values as big as the relay's whole records (key, value and headers).
     */
    private static ProducerPerfRun.Result publishing(KafkaSettings kafka, KafkaBenchOptions options, List<RelayRun.Result> relayRuns,
                                   List<ProducerPerfRun.Result> toolRuns, PrintStream out) throws Exception {
        int partitions = RelayConfig.DEFAULT_PARTITIONS;
        Duration timeout = Duration.ofSeconds(120).plusMillis(options.events() / 5L);
        // Every topic first: a partition's leader is known to the admin API a moment before the broker acts as one,
        // and a producer that comes too early only gets NOT_LEADER_OR_FOLLOWER and retries.
        BenchTopics.create(kafka, partitions, "bench.warmup.relay", "bench.warmup.tool", "bench.relay.1", "bench.tool.1",
                "bench.tool.2", "bench.relay.2", "bench.tool.wire");
        if (options.warmupEvents() > 0) {
            progress(out, "warm-up: relay and ProducerPerformance, %,d events each", options.warmupEvents());
            var warmStore = RelayRun.fill(options.warmupEvents(), options.payloadBytes(), options.streams());
            RelayRun.publish(kafka, warmStore, "bench.warmup.relay", timeout);
            ProducerPerfRun.run(kafka, "bench.warmup.tool", options.warmupEvents(), options.payloadBytes());
        }
        progress(out, "filling an in-memory store with %,d events of %d B over %,d streams", options.events(),
                options.payloadBytes(), options.streams());
        var store = RelayRun.fill(options.events(), options.payloadBytes(), options.streams());
        for (String run : List.of("relay.1", "tool.1", "tool.2", "relay.2")) {
            String topic = "bench." + run;
            if (run.startsWith("relay")) {
                var result = RelayRun.publish(kafka, store, topic, timeout);
                relayRuns.add(result);
                progress(out, "relay: %,d events in %.2f s = %,.0f events/s", result.events(), result.nanos() / 1e9,
                        result.perSecond());
            } else {
                var result = ProducerPerfRun.run(kafka, topic, options.events(), options.payloadBytes());
                toolRuns.add(result);
                progress(out, "ProducerPerformance: %s", result.line());
            }
        }
        int wireBytes = relayRuns.getFirst().wire().total();
        var atWireSize = ProducerPerfRun.run(kafka, "bench.tool.wire", options.events(), wireBytes);
        progress(out, "ProducerPerformance with %d B values: %s", wireBytes, atWireSize.line());
        return atWireSize;
    }

    private static void progress(PrintStream out, String format, Object... args) {
        out.println("... " + String.format(Locale.ROOT, format, args));
        out.flush();
    }
}

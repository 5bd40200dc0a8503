package dev.chorus.bench.internal;

import dev.chorus.kafka.KafkaSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Apache Kafka's own producer benchmark, {@code org.apache.kafka.tools.ProducerPerformance} from kafka-tools, run
 * in this JVM through its {@code main} with its ordinary arguments. It prints its figures on {@code System.out},
 * which is captured while it runs; its own total line is the figure reported.
 */
final class ProducerPerfRun {
    private static final String NUMBER = "([0-9]+(?:[.,][0-9]+)?)";
    /** The tool's final line: records, records/s, MB/s, avg and max latency, then percentiles. */
    private static final Pattern TOTAL = Pattern.compile("([0-9]+) records sent, " + NUMBER + " records/sec \\("
            + NUMBER + " MB/sec\\), " + NUMBER + " ms avg latency, " + NUMBER + " ms max latency, ([0-9]+) ms 50th, "
            + "([0-9]+) ms 95th, ([0-9]+) ms 99th, ([0-9]+) ms 99.9th");
    private static final Object SYSTEM_OUT = new Object();

    /** The tool's total line, parsed, and the wall time of the whole call (producer start and close included). */
    record Result(long records, double perSecond, double mbPerSecond, double avgMs, double maxMs, long p50Ms,
                  long p99Ms, long wallNanos, String line) {}

    private ProducerPerfRun() {}

    /**
     * The arguments: {@code records} records of {@code recordBytes} to {@code topic}, as fast as it can, with the
     * producer settings Chorus's relay gets from {@link KafkaSettings#producer} (acks=all, idempotence, linger).
     */
    static List<String> arguments(KafkaSettings kafka, String topic, long records, int recordBytes) {
        var args = new ArrayList<>(List.of("--topic", topic, "--num-records", Long.toString(records),
                "--record-size", Integer.toString(recordBytes), "--throughput", "-1", "--producer-props"));
        producerProperties(kafka).forEach((key, value) -> args.add(key + "=" + value));
        return args;
    }

    /** The relay's producer settings, under another client id, sorted for the report. */
    static Map<String, String> producerProperties(KafkaSettings kafka) {
        var props = new TreeMap<String, String>();
        kafka.producer("chorus-bench-producer-perf").forEach((key, value) -> props.put(key, String.valueOf(value)));
        return props;
    }

    static Result run(KafkaSettings kafka, String topic, long records, int recordBytes) throws Exception {
        var args = arguments(kafka, topic, records, recordBytes).toArray(String[]::new);
        var captured = new ByteArrayOutputStream();
        long start;
        long wall;
        synchronized (SYSTEM_OUT) {
            PrintStream original = System.out;
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                start = System.nanoTime();
                ProducerPerformance.main(args);
                wall = System.nanoTime() - start;
            } finally {
                System.out.flush();
                System.setOut(original);
            }
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        for (String line : output.lines().toList().reversed()) {
            var total = TOTAL.matcher(line);
            if (total.find()) {
                return new Result(Long.parseLong(total.group(1)), number(total.group(2)), number(total.group(3)),
                        number(total.group(4)), number(total.group(5)), Long.parseLong(total.group(6)),
                        Long.parseLong(total.group(8)), wall, line.strip());
            }
        }
        throw new IllegalStateException("ProducerPerformance printed no total line; its output was:\n" + output);
    }

    /** The tool formats with the default locale: a decimal comma is possible. */
    private static double number(String text) {
        return Double.parseDouble(text.replace(',', '.'));
    }
}

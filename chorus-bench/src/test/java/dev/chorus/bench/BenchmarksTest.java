package dev.chorus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wiring only: the benchmarks run end to end with tiny sizes. Timings are never asserted. */
class BenchmarksTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void an_unknown_benchmark_is_refused_with_the_known_names() {
        assertThat(Benchmarks.run("kafka-of-doom", List.of(), out)).isEqualTo(2);
        assertThat(output()).contains("unknown benchmark 'kafka-of-doom'").contains("log");
    }

    @Nested
    class Bench_log {
        static final List<String> NUMERIC_KEYS = List.of("events_per_s", "disk_limit_events_per_s",
                "disk_limit_mb_per_s", "ratio_to_disk_limit", "p50_ack_ms", "p99_ack_ms", "writers", "event_bytes",
                "framed_event_bytes", "heap_before_mb", "heap_after_mb", "events_heap_test", "cores");

        @Test
        void prints_a_json_last_line_with_every_figure_and_leaves_no_data_behind(@TempDir Path dir)
                throws IOException {
            int code = Benchmarks.run("log", List.of("--json", "--dir", dir.toString(), "--disk-mb", "2",
                    "--events", "3000", "--seconds", "10", "--warmup-seconds", "0.2", "--latency-appends", "50",
                    "--latency-warmup", "10", "--heap-events", "2000", "--heap-seconds", "10", "--seal-segments", "2",
                    "--seal-segment-mb", "1"), out);

            assertThat(code).as(output()).isZero();
            List<String> lines = output().lines().toList();
            Map<String, String> json = flatJson(lines.getLast());
            assertThat(json).containsKeys(NUMERIC_KEYS.toArray(String[]::new)).containsKey("fsync");
            for (String key : NUMERIC_KEYS) {
                assertThat(Double.parseDouble(json.get(key))).as(key).isPositive();
            }
            assertThat(json).containsEntry("writers", "1024").containsEntry("event_bytes", "200")
                    .containsEntry("fsync", "true");
            assertThat(Double.parseDouble(json.get("framed_event_bytes"))).isGreaterThan(200);
            assertThat(json).containsEntry("seal_segments", "2");
            assertThat(Double.parseDouble(json.get("seal_streams_per_segment"))).as("streams in 1 MiB")
                    .isBetween(1_000.0, 5_000.0);
            assertThat(Double.parseDouble(json.get("seal_first_cpu_ms"))).isPositive();
            assertThat(Double.parseDouble(json.get("seal_warm_wall_ms"))).isPositive();
            assertThat(output()).contains("durable throughput, 1024 writers").containsPattern("PASS|MISS");
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left).as("files the benchmark left in its directory").isEmpty();
            }
        }

        @Test
        void help_lists_the_options() {
            assertThat(Benchmarks.run("log", List.of("--help"), out)).isZero();
            assertThat(output()).contains("--json").contains("--dir").contains("--events").contains("--seconds");
        }

        @Test
        void an_unknown_argument_is_refused_before_anything_is_written(@TempDir Path dir) throws IOException {
            assertThat(Benchmarks.run("log", List.of("--dir", dir.toString(), "--fast"), out)).isEqualTo(2);
            assertThat(output()).contains("unknown argument '--fast'");
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left).isEmpty();
            }
        }

        @Test
        void an_out_of_range_size_is_refused() {
            assertThat(Benchmarks.run("log", List.of("--events", "0"), out)).isEqualTo(2);
            assertThat(output()).contains("--events is between 1 and");
        }
    }

    /** Parses a flat JSON object of strings, numbers, booleans and nulls; enough for a benchmark line. */
    static Map<String, String> flatJson(String line) {
        assertThat(line).startsWith("{").endsWith("}");
        var pair = Pattern.compile("\"([^\"]+)\":(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}]+)");
        var matcher = pair.matcher(line);
        var values = new LinkedHashMap<String, String>();
        int consumed = 1;
        while (matcher.find()) {
            assertThat(matcher.start()).as("JSON shape near " + consumed).isEqualTo(consumed);
            values.put(matcher.group(1), matcher.group(2));
            consumed = matcher.end() + 1;
        }
        assertThat(consumed).as("the whole line is key:value pairs").isEqualTo(line.length());
        return values;
    }
}

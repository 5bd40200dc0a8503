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

/** Wiring only: {@code bench saga} runs the shop end to end at a tiny rate. Timings are never asserted. */
class SagaBenchmarkTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Nested
    class A_tiny_run {
        @Test
        void prints_the_table_and_a_json_last_line_with_every_key_and_leaves_no_data_behind(@TempDir Path dir)
                throws IOException {
            int code = Benchmarks.run("saga", List.of("--json", "--dir", dir.toString(), "--rate", "20",
                    "--warmup", "0.2", "--seconds", "0.5", "--drain", "20", "--customers", "3", "--skus", "2",
                    "--lines", "2"), out);

            assertThat(code).as(output()).isZero();
            assertThat(output()).contains("OrderPlaced → OrderConfirmed", "fsync of 256 B", "achieved",
                            "state store while counting", "orders over 5 ms", "meanwhile")
                    .containsPattern("PASS|MISS");
            Map<String, String> json = flatJson(output().lines().toList().getLast());
            assertThat(json).containsKeys("offered_orders_per_s", "achieved_orders_per_s", "orders", "confirmed",
                    "p50_ms", "p99_ms", "max_ms", "fsync_ms", "cores", "pass", "e2e_p99_ms", "place_p99_ms",
                    "slow_orders", "slow_half_seconds", "happenings");
            assertThat(json).containsEntry("benchmark", "\"saga\"").containsEntry("offered_orders_per_s", "20.000")
                    .containsEntry("orders", "10").containsEntry("failed", "0").containsEntry("cancelled", "0");
            assertThat(Long.parseLong(json.get("confirmed"))).as("orders confirmed within the drain").isEqualTo(10);
            for (String key : List.of("achieved_orders_per_s", "p50_ms", "p99_ms", "max_ms", "fsync_ms",
                    "state_commits_per_order", "state_bytes_per_order")) {
                assertThat(Double.parseDouble(json.get(key))).as(key).isPositive();
            }
            assertThat(Double.parseDouble(json.get("p50_ms"))).isLessThanOrEqualTo(Double.parseDouble(json.get(
                    "p99_ms"))).isLessThanOrEqualTo(Double.parseDouble(json.get("max_ms")));
            assertThat(Integer.parseInt(json.get("cores"))).isEqualTo(Runtime.getRuntime().availableProcessors());
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left).as("files the benchmark left in its directory").isEmpty();
            }
        }
    }

    @Nested
    class Its_arguments {
        @Test
        void it_is_listed_with_the_other_benchmarks() {
            assertThat(Benchmarks.NAMES).contains("saga");
        }

        @Test
        void help_lists_the_options() {
            assertThat(Benchmarks.run("saga", List.of("--help"), out)).isZero();
            assertThat(output()).contains("usage: chorus bench saga", "--json", "--rate", "--seconds", "--warmup",
                    "open-loop", "p99 <= 5 ms");
        }

        @Test
        void a_bad_rate_is_refused_before_anything_is_written(@TempDir Path dir) throws IOException {
            assertThat(Benchmarks.run("saga", List.of("--dir", dir.toString(), "--rate", "0"), out)).isEqualTo(2);
            assertThat(output()).contains("--rate is between 1 and");
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left).isEmpty();
            }
        }

        @Test
        void more_lines_than_skus_are_refused(@TempDir Path dir) {
            assertThat(Benchmarks.run("saga", List.of("--dir", dir.toString(), "--skus", "2", "--lines", "3"), out))
                    .isEqualTo(2);
            assertThat(output()).contains("--lines is at most --skus");
        }
    }

    /** A flat JSON object of strings, numbers and booleans, as the benchmarks print it. */
    private static Map<String, String> flatJson(String line) {
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

package dev.chorus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Wiring only: {@code bench kafka} runs end to end with tiny sizes on a real broker and a real PostgreSQL (the
 * embedded one, or the server in {@code CHORUS_TEST_POSTGRES_URL}). Timings are never asserted.
 */
class KafkaBenchmarkTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Nested
    class A_tiny_run {
        @Test
        void measures_the_relay_beside_the_producer_tool_and_the_saga_and_prints_every_figure_as_json() {
            var args = new ArrayList<>(List.of("--json", "--events", "3000", "--warmup-events", "300",
                    "--streams", "50", "--rate", "20", "--warmup", "0.2", "--seconds", "1", "--drain", "60",
                    "--customers", "2", "--skus", "2"));
            String postgres = System.getenv("CHORUS_TEST_POSTGRES_URL");
            if (postgres != null && !postgres.isBlank()) {
                args.addAll(List.of("--postgres", postgres.strip()));
            }

            int code = Benchmarks.run("kafka", args, out);

            assertThat(code).as(output()).isZero();
            assertThat(output()).contains("Chorus relay", "ProducerPerformance (kafka-tools)",
                    "scheduled → SHIPPED/CANCELLED").containsPattern("(PASS|MISS) \\(").containsPattern(
                    "p99 ≤ 50 ms at 500/s +(PASS|MISS)");
            Map<String, String> json = BenchmarksTest.flatJson(output().lines().toList().getLast());
            for (String key : List.of("relay_per_s", "producer_perf_per_s", "relay_ratio", "saga_p50_ms",
                    "saga_p99_ms", "producer_perf_wire_size_per_s", "relay_record_wire_bytes")) {
                assertThat(json).containsKey(key);
                assertThat(Double.parseDouble(json.get(key))).as(key).isPositive();
            }
            // Outcomes within the one counted second: none when the machine is busy enough that every order takes
            // longer, so only its presence is certain.
            assertThat(Double.parseDouble(json.get("saga_orders_per_s"))).as("saga_orders_per_s").isNotNegative();
            assertThat(json).containsEntry("benchmark", "\"kafka\"").containsEntry("events", "3000")
                    .containsEntry("record_value_bytes", "200").containsEntry("orders", "20")
                    .containsEntry("failed", "0").containsEntry("skipped", "0").containsEntry("cancelled", "0");
            assertThat(json.get("shipped")).as("every counted order shipped within the drain").isEqualTo("20");
            assertThat(Double.parseDouble(json.get("relay_record_wire_bytes"))).as("key, value and headers")
                    .isGreaterThan(200);
            assertThat(Double.parseDouble(json.get("saga_p50_ms")))
                    .isLessThanOrEqualTo(Double.parseDouble(json.get("saga_p99_ms")));
        }
    }

    @Nested
    class A_tiny_saga_on_embedded_logs {
        @Test
        void runs_every_role_with_its_facts_in_a_log_of_its_own_and_ships_every_order() {
            var args = new ArrayList<>(List.of("--json", "--saga-only", "--logs", "--rate", "20", "--warmup", "0.2",
                    "--seconds", "1", "--drain", "60", "--customers", "2", "--skus", "2"));
            String postgres = System.getenv("CHORUS_TEST_POSTGRES_URL");
            if (postgres != null && !postgres.isBlank()) {
                args.addAll(List.of("--postgres", postgres.strip()));
            }

            int code = Benchmarks.run("kafka", args, out);

            assertThat(code).as(output()).isZero();
            assertThat(output()).contains("each role's facts in an embedded log (--logs)");
            Map<String, String> json = BenchmarksTest.flatJson(output().lines().toList().getLast());
            assertThat(json).containsEntry("saga_facts_in_logs", "true").containsEntry("orders", "20")
                    .containsEntry("failed", "0").containsEntry("skipped", "0");
            assertThat(json.get("shipped")).as("every counted order shipped within the drain").isEqualTo("20");
        }
    }

    @Nested
    class Its_arguments {
        @Test
        void it_is_listed_with_the_other_benchmarks() {
            assertThat(Benchmarks.NAMES).contains("kafka");
        }

        @Test
        void help_lists_the_options_and_the_targets() {
            assertThat(Benchmarks.run("kafka", List.of("--help"), out)).isZero();
            assertThat(output()).contains("usage: chorus bench kafka", "--json", "--events", "--rate", "--seconds",
                    "--postgres", "--logs", "ProducerPerformance", "p99 <= 50 ms at 500 orders/s", ">= 0.8 of the tool");
        }

        @Test
        void a_postgres_url_that_is_not_jdbc_is_refused_before_anything_starts() {
            assertThat(Benchmarks.run("kafka", List.of("--postgres", "postgres://localhost/x"), out)).isEqualTo(2);
            assertThat(output()).contains("--postgres takes a PostgreSQL JDBC URL").doesNotContain("starting");
        }

        @Test
        void an_out_of_range_size_is_refused() {
            assertThat(Benchmarks.run("kafka", List.of("--events", "0"), out)).isEqualTo(2);
            assertThat(output()).contains("--events is between 1 and");
        }
    }
}

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wiring only: {@code bench replay} runs end to end with tiny sizes. Timings are never asserted. */
class ReplayBenchmarkTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void prints_every_phase_and_a_json_last_line_and_leaves_no_data_behind(@TempDir Path dir) throws IOException {
        int code = Benchmarks.run("replay", List.of("--json", "--dir", dir.toString(), "--events", "5000",
                "--append-size", "7", "--accounts", "300", "--hot-rows", "10", "--batch-size", "100", "--rounds", "2"),
                out);

        assertThat(code).as(output()).isZero();
        assertThat(output()).contains("log read", "subscription, no-op handler", "projection, 300 rows",
                "projection, 10 hot rows").containsPattern("PASS|MISS");
        Map<String, String> json = flatJson(output().lines().toList().getLast());
        for (String key : List.of("events_per_s", "hot_rows_events_per_s", "read_events_per_s",
                "subscription_events_per_s", "ns_per_event", "framed_event_bytes")) {
            assertThat(Double.parseDouble(json.get(key))).as(key).isPositive();
        }
        assertThat(json).containsEntry("events", "5000").containsEntry("rows", "300").containsEntry("hot_rows", "10")
                .containsEntry("batch_size", "100").containsEntry("benchmark", "\"replay\"").containsKey("pass");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("files the benchmark left in its directory").isEmpty();
        }
    }

    @Test
    void is_listed_with_the_other_benchmarks() {
        assertThat(Benchmarks.NAMES).contains("replay");
    }

    @Test
    void help_lists_the_options() {
        assertThat(Benchmarks.run("replay", List.of("--help"), out)).isZero();
        assertThat(output()).contains("usage: chorus bench replay", "--json", "--events", "--batch-size");
    }

    @Test
    void a_bad_argument_is_refused_before_anything_is_written(@TempDir Path dir) throws IOException {
        assertThat(Benchmarks.run("replay", List.of("--dir", dir.toString(), "--events", "0"), out)).isEqualTo(2);
        assertThat(output()).contains("--events is between 1 and");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
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

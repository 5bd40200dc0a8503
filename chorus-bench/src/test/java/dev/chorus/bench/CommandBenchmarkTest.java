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
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wiring only: {@code bench commands} runs end to end with tiny sizes. Timings are never asserted. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CommandBenchmarkTest {
    static final List<String> RATES = List.of("phase1_cmds_per_s", "phase2_cmds_per_s", "p50_ms", "p99_ms",
            "phase2_cmds_per_s_1024", "fsync_ms", "bound_cmds_per_s", "phase1_cmds_per_s_snap",
            "phase2_cmds_per_s_snap", "phase1_cmds_per_s_1024", "phase2_cmds_per_s_1024_snap", "phase2_cmds_per_s_cache",
            "phase2_cmds_per_s_1024_cache", "log_alone_cmds_per_s", "log_alone_cmds_per_s_1024");

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void a_tiny_run_prints_a_json_last_line_with_every_figure_and_leaves_no_files_behind(@TempDir Path dir)
            throws IOException {
        int code = Benchmarks.run("commands", List.of("--json", "--dir", dir.toString(), "--accounts", "60",
                "--deposits", "150", "--clients", "4", "--virtual-clients", "32", "--snapshot-every", "2", "--state-cache", "1000"), out);

        assertThat(code).as(output()).isZero();
        Map<String, String> json = flatJson(output().lines().toList().getLast());
        assertThat(json).containsKeys(RATES.toArray(String[]::new));
        for (String key : RATES) {
            assertThat(Double.parseDouble(json.get(key))).as(key).isPositive();
        }
        assertThat(json).containsEntry("bench", "\"commands\"").containsEntry("clients", "4")
                .containsEntry("virtual_clients", "32").containsEntry("phase1_cmds", "60")
                .containsEntry("phase2_cmds", "150").containsEntry("consistent", "true");
        assertThat(Long.parseLong(json.get("snapshots_snap"))).as("snapshots written with snapshots on").isPositive();
        assertThat(json).containsEntry("snapshots", "0");
        assertThat(output()).contains("4 client threads, snapshots off").contains("32 virtual-thread clients")
                .containsPattern("PASS|MISS");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("files the benchmark left behind").isEmpty();
        }
    }

    @Test
    void help_lists_the_workload_knobs() {
        assertThat(Benchmarks.run("commands", List.of("--help"), out)).isZero();
        assertThat(output()).contains("--accounts").contains("--deposits").contains("--clients")
                .contains("--virtual-clients").contains("--json");
    }

    @Test
    void a_bad_argument_is_refused_before_anything_runs(@TempDir Path dir) throws IOException {
        assertThat(Benchmarks.run("commands", List.of("--dir", dir.toString(), "--accounts", "0"), out)).isEqualTo(2);
        assertThat(output()).contains("--accounts is between 1 and");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void the_benchmark_is_listed_among_the_known_ones() {
        assertThat(Benchmarks.NAMES).contains("commands");
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

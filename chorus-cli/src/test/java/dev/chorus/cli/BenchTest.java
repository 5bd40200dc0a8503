package dev.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchTest {
    @Test
    void a_benchmark_name_is_required() {
        var result = Cli.run("bench");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Main.USAGE_ERROR);
        assertThat(result.err()).contains("NAME");
    }

    @Test
    void an_unknown_benchmark_is_named_with_the_known_ones() {
        var result = Cli.run("bench", "nosuch");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.out()).contains("unknown benchmark 'nosuch'").contains("log");
    }

    @Test
    void options_after_the_name_belong_to_the_benchmark() {
        var result = Cli.run("bench", "log", "--help");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("usage: chorus bench log").contains("--json");
    }

    @Test
    void help_lists_the_known_benchmarks() {
        var result = Cli.run("bench", "--help");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("log");
    }
}

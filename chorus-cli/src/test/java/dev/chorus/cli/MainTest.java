package dev.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void no_command_is_a_usage_error_that_lists_the_commands() {
        var result = Cli.run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Main.USAGE_ERROR);
        assertThat(result.err()).contains("Missing required subcommand").contains("demo", "log", "bench");
    }

    @Test
    void help_lists_the_commands_and_exit_codes() {
        var result = Cli.run("--help");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("demo", "log", "bench", "Exit codes");
    }

    @Test
    void help_lists_each_command_with_a_whole_sentence_that_ends_where_its_line_ends() {
        for (String[] asked : new String[][] {{"--help"}, {"help", "projections"}, {"help", "log"}, {"help", "dlq"}}) {
            assertCommandsEndTheirSentences(Cli.run(asked));
        }
    }

    private static void assertCommandsEndTheirSentences(Cli.Result result) {
        String out = result.out() + "\n\n";
        int from = out.indexOf("Commands:");
        int exitCodes = out.indexOf("Exit codes", from);
        var commands = out.substring(from, exitCodes > 0 ? exitCodes : out.indexOf("\n\n", from));
        var entries = new java.util.ArrayList<String>();
        for (String line : commands.lines().skip(1).filter(l -> !l.isBlank()).toList()) {
            if (line.matches("  \\S.*")) { // a command's first line; a continuation is indented further
                entries.add(line.strip());
            } else {
                entries.set(entries.size() - 1, entries.getLast() + " " + line.strip());
            }
        }
        assertThat(entries).hasSizeGreaterThan(1).allSatisfy(entry -> assertThat(entry).endsWith("."));
    }

    @Test
    void help_command_shows_a_subcommands_options() {
        var result = Cli.run("help", "demo");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("--data-dir", "--port", "--once");
    }

    @Test
    void an_unknown_command_is_a_usage_error() {
        var result = Cli.run("frobnicate");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Main.USAGE_ERROR);
        assertThat(result.err()).contains("frobnicate");
    }

    @Test
    void an_unknown_option_is_a_usage_error() {
        var result = Cli.run("log", "verify", "--data-directory", "x");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Main.USAGE_ERROR);
        assertThat(result.err()).contains("Unknown options: '--data-directory'").contains("--data-dir");
    }

    @Test
    void log_without_a_tool_is_a_usage_error() {
        var result = Cli.run("log");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Main.USAGE_ERROR);
        assertThat(result.err()).contains("verify", "repair");
    }

    @Test
    void version_names_chorus() {
        var result = Cli.run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("chorus ");
    }

    @Test
    void the_version_command_prints_what_the_version_option_does() {
        var result = Cli.run("version");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("chorus ").isEqualTo(Cli.run("--version").out());
    }

    @Test
    void every_command_answers_version_as_chorus_does() {
        String version = Cli.run("--version").out();

        for (var command : java.util.List.of(new String[] {"demo"}, new String[] {"log", "verify"},
                new String[] {"projections", "list"}, new String[] {"run"})) {
            var args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of(
                    "--version")).toArray(String[]::new);
            var result = Cli.run(args);

            assertThat(result.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(result.out()).as(String.join(" ", args)).isEqualTo(version);
        }
    }
}

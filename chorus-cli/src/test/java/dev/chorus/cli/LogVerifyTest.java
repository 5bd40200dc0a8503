package dev.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogVerifyTest {
    @TempDir
    Path dir;

    @Test
    void a_directory_without_a_log_is_an_error_that_creates_nothing_there() throws Exception {
        var result = Cli.run("log", "verify", "--data-dir", dir.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("there is no log in " + dir.toAbsolutePath().normalize())
                .contains("no segment files");
        assertThat(result.out()).doesNotContain("healthy");
        try (var files = Files.list(dir)) {
            assertThat(files).as("files left in the directory").isEmpty();
        }
    }

    @Test
    void a_freshly_opened_log_is_a_healthy_empty_log() {
        EmbeddedLog.open(LogConfig.defaults(dir)).close();

        var result = Cli.run("log", "verify", "--data-dir", dir.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("0 events").contains("healthy");
    }

    @Test
    void a_healthy_log_reports_its_segments_records_and_events() {
        Logs.write(dir, 100);

        var result = Cli.run("log", "verify", "--data-dir", dir.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains(Logs.segments(dir).size() + " segments")
                .contains("100 records", "100 events", "healthy");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void a_torn_tail_is_damage_with_exit_code_2() throws Exception {
        Logs.write(dir, 10);
        long offset = Logs.tearTail(dir);
        Path last = Logs.segments(dir).getLast();

        var result = Cli.run("log", "verify", "--data-dir", dir.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(VerifyCommand.DAMAGED);
        assertThat(result.out())
                .contains("DAMAGED", "10 events intact")
                .contains("segment " + last + ", byte offset " + offset)
                .contains("torn tail: yes")
                .contains("chorus log repair --data-dir " + dir);
    }

    @Test
    void corruption_before_valid_records_is_damage_that_is_not_a_torn_tail() throws Exception {
        Logs.write(dir, 100);
        assertThat(Logs.segments(dir)).as("the test needs several segments").hasSizeGreaterThan(2);
        long flipped = Logs.flipByteInFirstSegment(dir);

        var result = Cli.run("log", "verify", "--data-dir", dir.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(VerifyCommand.DAMAGED);
        assertThat(result.out())
                .contains("segment " + Logs.segments(dir).getFirst() + ", byte offset ")
                .contains("reason:")
                .contains("torn tail: no")
                .containsPattern("repairing would lose [0-9,]+ bytes, " + (Logs.segments(dir).size() - 1)
                        + " later segments and [1-9][0-9]* intact events");
        long reported = Long.parseLong(result.out().replaceAll("(?s).*byte offset (\\d+).*", "$1"));
        assertThat(reported).isLessThanOrEqualTo(flipped);
    }

    @Test
    void a_damaged_index_is_reported_with_exit_code_2_and_repair_deletes_it_without_asking() throws Exception {
        Logs.write(dir, 100);
        Path index = Logs.flipByteInFirstIndex(dir);

        var verify = Cli.run("log", "verify", "--data-dir", dir.toString());

        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(VerifyCommand.DAMAGED);
        assertThat(verify.out()).contains("every record intact", "DAMAGED INDEX", index.toString(), "no event is lost");

        var repair = Cli.run("log", "repair", "--data-dir", dir.toString());

        assertThat(repair.exitCode()).as(repair.toString()).isZero();
        assertThat(repair.out()).contains("deleted 1 damaged index file", "no event was lost");
        assertThat(Files.exists(index)).isFalse();
        assertThat(Cli.run("log", "verify", "--data-dir", dir.toString()).exitCode()).isZero();
    }

    @Test
    void a_log_open_for_writing_is_one_clear_error_line() {
        try (var writer = EmbeddedLog.open(LogConfig.defaults(dir))) {
            assertThat(writer.headPosition()).isZero();

            var result = Cli.run("log", "verify", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err().strip()).startsWith("chorus: the log in ").contains("already open")
                    .doesNotContain("\n");
        }
    }

    @Test
    void a_missing_directory_is_one_clear_error_line() {
        Path missing = dir.resolve("nope");

        var result = Cli.run("log", "verify", "--data-dir", missing.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip()).startsWith("chorus: there is no log in " + missing).doesNotContain("\n");
        assertThat(Files.exists(missing)).as("verify creates nothing").isFalse();
    }
}

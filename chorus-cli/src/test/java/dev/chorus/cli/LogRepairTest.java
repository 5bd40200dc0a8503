package dev.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogTools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRepairTest {
    @TempDir
    Path dir;

    @Test
    void a_healthy_log_needs_no_repair_and_no_answer() {
        Logs.write(dir, 5);

        var result = Cli.run("log", "repair", "--data-dir", dir.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("5 events").contains("nothing to repair").doesNotContain("Type 'yes'");
    }

    @Nested
    class A_corrupted_log {
        long flipped;

        void corrupt() throws Exception {
            Logs.write(dir, 100);
            flipped = Logs.flipByteInFirstSegment(dir);
        }

        @Test
        void is_described_exactly_before_anything_changes() throws Exception {
            corrupt();
            var damage = LogTools.verify(dir).damage().orElseThrow();

            var result = Cli.runWithInput("no\n", "log", "repair", "--data-dir", dir.toString());

            assertThat(result.out())
                    .contains("segment " + damage.segment() + ", byte offset " + damage.offset())
                    .contains(String.format("%,d bytes from byte offset %d", damage.bytesLost(), damage.offset()))
                    .contains(damage.laterSegments().size() + " later segment files, deleted: ")
                    .contains(damage.laterSegments().getLast().getFileName().toString())
                    .contains(damage.intactEventsLostCount() + " intact events written after the damage, at positions "
                            + DamageText.positions(damage.intactEventsLost()))
                    .contains("Type 'yes'");
        }

        @Test
        void is_left_untouched_when_the_answer_is_no() throws Exception {
            corrupt();
            var before = LogTools.verify(dir);

            var result = Cli.runWithInput("no\n", "log", "repair", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).contains("nothing was changed");
            assertThat(LogTools.verify(dir)).isEqualTo(before);
        }

        @Test
        void is_left_untouched_when_nobody_can_answer() throws Exception {
            corrupt();
            var before = LogTools.verify(dir);

            var result = Cli.runWithInput("", "log", "repair", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).contains("no answer on standard input").contains("--yes");
            assertThat(LogTools.verify(dir)).isEqualTo(before);
        }

        @Test
        void is_truncated_at_the_damage_when_the_answer_is_yes() throws Exception {
            corrupt();
            long intact = LogTools.verify(dir).events();

            var result = Cli.runWithInput("yes\n", "log", "repair", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("repaired: truncated").contains("now holds " + intact + " event");
            assertHealthyWith(intact);
        }

        @Test
        void is_truncated_without_a_question_with_yes() throws Exception {
            corrupt();
            long intact = LogTools.verify(dir).events();

            var result = Cli.run("log", "repair", "--data-dir", dir.toString(), "--yes");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).doesNotContain("Type 'yes'").contains("repaired: truncated");
            assertHealthyWith(intact);
        }
    }

    @Test
    void a_torn_tail_loses_no_intact_event() throws Exception {
        Logs.write(dir, 10);
        Logs.tearTail(dir);

        var result = Cli.run("log", "repair", "--data-dir", dir.toString(), "--yes");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("torn tail: yes").contains("5 bytes from byte offset")
                .contains("no later segment file").contains("no intact event");
        assertHealthyWith(10);
    }

    @Test
    void a_missing_directory_is_one_clear_error_line() {
        var result = Cli.run("log", "repair", "--data-dir", dir.resolve("nope").toString(), "--yes");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip()).startsWith("chorus: there is no log in").doesNotContain("\n");
        assertThat(Files.exists(dir.resolve("nope"))).isFalse();
    }

    private void assertHealthyWith(long events) {
        var after = LogTools.verify(dir);
        assertThat(after.ok()).as(after.toString()).isTrue();
        assertThat(after.events()).isEqualTo(events);
        try (var log = EmbeddedLog.open(Logs.smallSegments(dir))) {
            assertThat(log.headPosition()).isEqualTo(events);
        }
    }
}

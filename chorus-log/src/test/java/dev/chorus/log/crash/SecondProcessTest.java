package dev.chorus.log.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import dev.chorus.log.LogLocked;
import dev.chorus.log.LogTools;
import dev.chorus.testkit.process.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OS file lock keeps a second process out of a log another process holds open. */
class SecondProcessTest {
    @TempDir
    Path tmp;

    @Test
    void a_log_held_open_by_another_process_is_refused_with_LogLocked_until_that_process_is_killed()
            throws Exception {
        Path dir = tmp.resolve("log");
        try (var holder = ChildJvm.start(HoldingOpen.class, tmp.resolve("holder.stderr"), dir)) {
            holder.awaitReady(Duration.ofSeconds(30));

            assertThatThrownBy(() -> EmbeddedLog.open(LogConfig.defaults(dir)))
                    .isInstanceOfSatisfying(LogLocked.class, e -> assertThat(e.dataDir()).isEqualTo(dir));
            assertThatThrownBy(() -> LogTools.verify(dir)).as("verify of a log in use").isInstanceOf(LogLocked.class);
            assertThatThrownBy(() -> LogTools.repair(dir)).as("repair of a log in use").isInstanceOf(LogLocked.class);

            assertThat(holder.kill()).as("exit code of the SIGKILLed holder").isEqualTo(137);
        }
        try (var log = EmbeddedLog.open(LogConfig.defaults(dir))) {
            assertThat(log.headPosition()).isEqualTo(1);
            assertThat(log.readStream("held")).singleElement()
                    .satisfies(event -> assertThat(Workload.Id.of(event).appendId()).isEqualTo("held"));
        }
    }
}

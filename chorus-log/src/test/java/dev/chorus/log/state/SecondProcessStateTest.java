package dev.chorus.log.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.testkit.process.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OS file lock keeps a second process out of a state store another process holds open. */
class SecondProcessStateTest {
    @TempDir
    Path tmp;

    @Test
    void a_store_held_open_by_another_process_is_refused_with_StateStoreLocked_until_that_process_is_killed()
            throws Exception {
        Path dir = tmp.resolve("state");
        try (var holder = ChildJvm.start(CrashingCommitter.class, tmp.resolve("holder.stderr"), dir, 1 << 20, 1,
                10, 16)) {
            holder.awaitLine("ACK ", Duration.ofSeconds(60));

            assertThatThrownBy(() -> StateDirs.open(dir)).isInstanceOfSatisfying(StateStoreLocked.class,
                    e -> assertThat(e.dir()).isEqualTo(dir));

            assertThat(holder.kill()).as("exit code of the SIGKILLed holder").isEqualTo(137);
        }
        try (var store = StateDirs.open(dir)) {
            assertThat(store.get(CrashWorkload.nextKey(0)).map(CrashWorkload::decode)).hasValueSatisfying(
                    next -> assertThat(next).isPositive());
        }
    }
}

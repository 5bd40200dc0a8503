package dev.chorus.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.chorus.core.AllReader;
import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckpointsTest {
    private final InMemoryEventStore log = new InMemoryEventStore();
    private final InMemoryStateStore state = new InMemoryStateStore();

    @AfterEach
    void close() {
        log.close();
        state.close();
    }

    private void appendEvents(int count) {
        for (int i = 0; i < count; i++) {
            log.append("s-" + i, ExpectedVersion.any(), List.of(NewEvent.of(EventType.of("E", 1), new byte[] {1})));
        }
    }

    /** The log as a process sees it whose head lags another's appends (a PostgreSQL store between notifications). */
    private AllReader withHeadAt(long staleHead) {
        return new AllReader() {
            @Override
            public List<RecordedEvent> readAll(long fromPosition, int maxCount) {
                return log.readAll(fromPosition, maxCount);
            }

            @Override
            public long headPosition() {
                return staleHead;
            }
        };
    }

    @Test
    void a_checkpoint_ahead_of_a_stale_head_but_within_the_log_is_kept_and_nothing_is_written() {
        appendEvents(5);
        state.commit(List.of(Checkpoints.save("handler/h", 5)));

        long loaded = Checkpoints.loadWithinHead(state, "handler/h", withHeadAt(2));

        assertThat(loaded).isEqualTo(5);
        assertThat(Checkpoints.load(state, "handler/h")).isEqualTo(5);
    }

    @Test
    void a_checkpoint_beyond_what_the_log_holds_is_reset_to_the_head_and_the_reset_stored() {
        appendEvents(3);
        state.commit(List.of(Checkpoints.save("handler/h", 50)));

        long loaded = Checkpoints.loadWithinHead(state, "handler/h", log);

        assertThat(loaded).isEqualTo(3);
        assertThat(Checkpoints.load(state, "handler/h")).as("stored before anything is read").isEqualTo(3);
    }

    @Test
    void loading_within_the_log_refuses_a_checkpoint_beyond_it_and_keeps_one_ahead_of_a_stale_head() {
        appendEvents(5);
        state.commit(List.of(Checkpoints.save("saga/s", 5), Checkpoints.save("saga/t", 9)));

        assertThat(Checkpoints.loadWithinLog(state, "saga/s", withHeadAt(2))).isEqualTo(5);
        assertThat(catchThrowable(() -> Checkpoints.loadWithinLog(state, "saga/t", log)))
                .isInstanceOf(CheckpointAheadOfLog.class).hasMessageContaining("saga/t");
        assertThat(Checkpoints.load(state, "saga/t")).isEqualTo(9);
    }
}

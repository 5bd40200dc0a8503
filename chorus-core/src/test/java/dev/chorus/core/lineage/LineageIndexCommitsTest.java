package dev.chorus.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.handler.CountingStateStore;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.state.Checkpoints;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator.ReplaceUnderscores;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(ReplaceUnderscores.class)
class LineageIndexCommitsTest {
    private static final EventType NOTED = EventType.of("test.Noted", 1);

    @Test
    void a_live_index_commits_the_events_of_one_append_together_with_its_checkpoint() throws Exception {
        var events = new InMemoryEventStore();
        var state = new CountingStateStore(new InMemoryStateStore());
        try (var index = LineageIndex.open(events, state).start()) {
            assertThat(index.awaitPosition(0, Duration.ofSeconds(10))).isTrue();
            events.append("notes-1", ExpectedVersion.any(), NewEvent.of(NOTED, new byte[] {1}));
            assertThat(index.awaitPosition(1, Duration.ofSeconds(10))).isTrue();

            events.append("notes-2", ExpectedVersion.any(), List.of(NewEvent.of(NOTED, new byte[] {2}),
                    NewEvent.of(NOTED, new byte[] {3}), NewEvent.of(NOTED, new byte[] {4})));
            assertThat(index.awaitPosition(4, Duration.ofSeconds(10))).isTrue();

            // one entry and the checkpoint, then three entries and the checkpoint: a page in hand is one commit
            assertThat(state.commitSizes()).containsExactly(2, 4);
            assertThat(Checkpoints.load(state, LineageIndex.CHECKPOINT)).isEqualTo(4);
            assertThat(index.graph(events.readAll(1, 1).getFirst().correlationId()).nodes()).hasSize(1);
        }
    }
}

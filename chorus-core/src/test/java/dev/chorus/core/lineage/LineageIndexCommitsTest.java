package dev.chorus.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.handler.CountingStateStore;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.lineage.internal.LineageKeys;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateWrite;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
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

    @Test
    void a_live_index_commits_the_events_that_arrive_within_its_linger_together() throws Exception {
        var events = new InMemoryEventStore();
        var state = new CountingStateStore(new InMemoryStateStore());
        try (var index = LineageIndex.open(events, state).start()) {
            assertThat(index.awaitPosition(0, Duration.ofSeconds(10))).isTrue();
            int before = state.commitSizes().size();

            // twenty appends of one event each, a fifth of a millisecond apart: each a page of its own for the
            // subscription, and all of them in one or two lingers
            for (int i = 0; i < 20; i++) {
                events.append("notes-1", ExpectedVersion.any(), new NewEvent(NOTED, new byte[] {(byte) i},
                        Map.of(Metadata.CORRELATION_ID, "talk-1")));
                LockSupport.parkNanos(200_000);
            }
            assertThat(index.awaitPosition(20, Duration.ofSeconds(10))).isTrue();

            assertThat(state.commitSizes().size() - before).as("commits for 20 events").isLessThanOrEqualTo(10);
            assertThat(Lineage.indexed(state, "talk-1")).isEqualTo(Lineage.scan(events, "talk-1"));
        }
    }

    @Test
    void a_conversation_is_kept_in_one_entry_per_sixteen_events_and_reads_back_as_the_log_has_it() {
        var events = new InMemoryEventStore();
        var state = new InMemoryStateStore();
        for (int i = 0; i < 40; i++) {
            events.append("notes-" + i % 3, ExpectedVersion.any(), new NewEvent(NOTED, new byte[] {(byte) i},
                    Map.of(Metadata.CORRELATION_ID, "talk-1")));
            events.append("other", ExpectedVersion.any(), NewEvent.of(NOTED, new byte[] {(byte) i}));
        }

        LineageIndex.open(events, state).catchUp();

        assertThat(state.scan(LineageKeys.conversation("talk-1"), "", 100)).hasSize(3);
        assertThat(Lineage.indexed(state, "talk-1")).isEqualTo(Lineage.scan(events, "talk-1"));
        assertThat(Lineage.indexed(state, "talk-1").nodes()).hasSize(40);
    }

    @Test
    void entries_an_older_version_wrote_one_per_event_are_read_with_the_chunks_indexed_after_them() {
        var events = new InMemoryEventStore();
        var state = new InMemoryStateStore();
        var talk = Map.of(Metadata.CORRELATION_ID, "talk-1");
        events.append("notes-1", ExpectedVersion.any(), List.of(new NewEvent(NOTED, new byte[] {1}, talk),
                new NewEvent(NOTED, new byte[] {2}, talk)));
        // as format 1 left them: a node per event, under its own position, with the checkpoint past them
        var writes = new java.util.ArrayList<StateWrite>();
        for (var event : events.readAll(0, 10)) {
            writes.add(StateWrite.put(LineageKeys.node(event), LineageKeys.encode(event)));
        }
        writes.add(Checkpoints.save(LineageIndex.CHECKPOINT, 2));
        state.commit(writes);
        events.append("notes-2", ExpectedVersion.any(), new NewEvent(NOTED, new byte[] {3}, talk));
        events.append("notes-1", ExpectedVersion.any(), new NewEvent(NOTED, new byte[] {4}, talk));

        assertThat(LineageIndex.open(events, state).catchUp()).isEqualTo(2);

        assertThat(state.scan(LineageKeys.conversation("talk-1"), "", 100)).hasSize(3);
        assertThat(Lineage.indexed(state, "talk-1")).isEqualTo(Lineage.scan(events, "talk-1"));
        assertThat(Lineage.indexed(state, "talk-1").nodes()).extracting(LineageNode::position)
                .containsExactly(0L, 1L, 2L, 3L);
    }
}

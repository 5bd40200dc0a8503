package dev.chorus.testkit;

import static dev.chorus.core.ExpectedVersion.any;
import static dev.chorus.core.ExpectedVersion.exactly;
import static dev.chorus.core.ExpectedVersion.noStream;
import static dev.chorus.core.ExpectedVersion.streamExists;
import static dev.chorus.testkit.TestEvents.event;
import static dev.chorus.testkit.TestEvents.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.chorus.core.LimitExceeded;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.ValidationError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Appending under each expected version, atomically, into one global order. */
public abstract class AppendContract extends Contract {
    protected AppendContract(StoreFixture fixture) {
        super(fixture);
    }

    @Nested
    class Given_a_new_stream {
        @Test
        void when_appending_expecting_no_stream_then_the_events_take_versions_from_0() {
            var result = store().append("order-1", noStream(), events("placed", "paid"));

            assertThat(result.streamId()).isEqualTo("order-1");
            assertThat(result.positions()).containsExactly(0L, 1L);
            assertThat(result.lastVersion()).isEqualTo(1);
            assertThat(store().readStream("order-1")).extracting(RecordedEvent::version, TestEvents::text)
                    .containsExactly(tuple(0L, "placed"), tuple(1L, "paid"));
            assertThat(store().streamVersion("order-1")).isEqualTo(1);
        }

        @Test
        void when_appending_expecting_any_version_then_the_events_take_versions_from_0() {
            var result = store().append("order-1", any(), event("placed"));

            assertThat(result.lastVersion()).isZero();
            assertThat(store().streamVersion("order-1")).isZero();
        }

        @Test
        void when_appending_expecting_the_stream_to_exist_then_it_conflicts_with_no_actual_version() {
            assertConflict(() -> store().append("order-1", streamExists(), event("paid")),
                    "order-1", streamExists(), -1);

            assertThat(store().headPosition()).isZero();
            assertThat(store().streamVersion("order-1")).isEqualTo(-1);
        }

        @Test
        void when_appending_expecting_version_0_then_it_conflicts_with_no_actual_version() {
            assertConflict(() -> store().append("order-1", exactly(0), event("paid")), "order-1", exactly(0), -1);

            assertThat(store().headPosition()).isZero();
            assertThat(store().readStream("order-1")).isEmpty();
        }
    }

    @Nested
    class Given_a_stream_with_three_events {
        private List<RecordedEvent> before;

        @BeforeEach
        void three_events_and_one_elsewhere() {
            store().append("order-1", noStream(), events("placed", "paid", "packed"));
            store().append("order-2", noStream(), event("placed"));
            before = everything();
        }

        @Test
        void when_appending_expecting_its_last_version_then_the_event_takes_the_next_version_and_position() {
            var result = store().append("order-1", exactly(2), event("shipped"));

            assertThat(result.lastVersion()).isEqualTo(3);
            assertThat(result.positions()).containsExactly(4L);
            assertThat(store().streamVersion("order-1")).isEqualTo(3);
        }

        @Test
        void when_appending_expecting_any_version_then_the_event_takes_the_next_version() {
            assertThat(store().append("order-1", any(), event("shipped")).lastVersion()).isEqualTo(3);
        }

        @Test
        void when_appending_expecting_the_stream_to_exist_then_the_event_takes_the_next_version() {
            assertThat(store().append("order-1", streamExists(), event("shipped")).lastVersion()).isEqualTo(3);
        }

        @Test
        void when_appending_again_with_the_returned_last_version_then_no_read_is_needed() {
            var first = store().append("order-1", exactly(2), event("shipped"));
            var second = store().append("order-1", exactly(first.lastVersion()), event("delivered"));

            assertThat(second.lastVersion()).isEqualTo(4);
        }

        @Test
        void when_appending_expecting_no_stream_then_it_conflicts_with_the_actual_version_and_writes_nothing() {
            assertConflict(() -> store().append("order-1", noStream(), event("again")), "order-1", noStream(), 2);

            assertUnchanged(store(), before);
        }

        @Test
        void when_appending_expecting_a_stale_version_then_it_conflicts_with_the_actual_version_and_writes_nothing() {
            assertConflict(() -> store().append("order-1", exactly(1), events("late", "later")),
                    "order-1", exactly(1), 2);

            assertUnchanged(store(), before);
        }

        @Test
        void when_appending_expecting_a_version_ahead_then_it_conflicts_with_the_actual_version_and_writes_nothing() {
            assertConflict(() -> store().append("order-1", exactly(5), event("early")), "order-1", exactly(5), 2);

            assertUnchanged(store(), before);
        }

        @Test
        void when_a_conflict_was_reported_then_the_stream_still_accepts_its_actual_version() {
            assertConflict(() -> store().append("order-1", exactly(0), event("late")), "order-1", exactly(0), 2);

            assertThat(store().append("order-1", exactly(2), event("shipped")).positions()).containsExactly(4L);
        }
    }

    @Nested
    class Atomic_appends {
        @Test
        void an_append_of_several_events_takes_contiguous_positions_in_order_and_dense_versions() {
            store().append("elsewhere", noStream(), event("first"));

            var result = store().append("order-1", noStream(), events("e0", "e1", "e2", "e3", "e4"));

            assertThat(result.positions()).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(result.lastVersion()).isEqualTo(4);
            assertThat(everything()).extracting(RecordedEvent::position, RecordedEvent::streamId,
                            RecordedEvent::version, TestEvents::text)
                    .containsExactly(tuple(0L, "elsewhere", 0L, "first"), tuple(1L, "order-1", 0L, "e0"),
                            tuple(2L, "order-1", 1L, "e1"), tuple(3L, "order-1", 2L, "e2"),
                            tuple(4L, "order-1", 3L, "e3"), tuple(5L, "order-1", 4L, "e4"));
            assertThat(store().readStream("order-1")).extracting(RecordedEvent::position, TestEvents::text)
                    .containsExactly(tuple(1L, "e0"), tuple(2L, "e1"), tuple(3L, "e2"), tuple(4L, "e3"),
                            tuple(5L, "e4"));
        }

        @Test
        void an_append_whose_third_event_is_invalid_writes_none_of_them() {
            store().append("order-1", noStream(), event("placed"));
            var before = everything();
            var invalid = event("bad").withMetadata(Map.of("", "a metadata key must not be empty"));

            assertThatThrownBy(() -> store().append("order-1", any(), List.of(event("a"), event("b"), invalid)))
                    .isInstanceOf(ValidationError.class);

            assertUnchanged(store(), before);
            assertThat(store().streamVersion("order-1")).isZero();
        }

        @Test
        void an_append_whose_third_event_is_too_large_writes_none_of_them() {
            var store = fixture().open(StoreLimits.DEFAULT.withMaxEventBytes(4096));
            var tooLarge = event("x".repeat(5000));

            assertThatThrownBy(() -> store.append("order-1", noStream(), List.of(event("a"), event("b"), tooLarge)))
                    .isInstanceOf(LimitExceeded.class);

            assertThat(store.headPosition()).isZero();
            assertThat(store.streamVersion("order-1")).isEqualTo(-1);
            assertThat(store.readAll(0, 10)).isEmpty();
        }

        @Test
        void a_refused_append_leaves_the_store_usable_at_the_same_position() {
            assertThatThrownBy(() -> store().append("order-1", noStream(), List.of()))
                    .isInstanceOf(ValidationError.class);

            assertThat(store().append("order-1", noStream(), event("placed")).positions()).containsExactly(0L);
        }
    }

    @Nested
    class Global_order {
        @Test
        void an_empty_store_has_its_head_at_0_and_reads_nothing() {
            assertThat(store().headPosition()).isZero();
            assertThat(store().readAll(0, 10)).isEmpty();
        }

        @Test
        void appends_to_different_streams_interleave_into_one_dense_order_from_0() {
            store().append("order-a", noStream(), events("a0", "a1"));
            store().append("order-b", noStream(), event("b0"));
            store().append("order-a", exactly(1), event("a2"));
            store().append("order-c", noStream(), events("c0", "c1"));

            assertThat(store().headPosition()).isEqualTo(6);
            assertThat(everything())
                    .extracting(RecordedEvent::position, RecordedEvent::streamId, RecordedEvent::version,
                            TestEvents::text)
                    .containsExactly(
                            tuple(0L, "order-a", 0L, "a0"),
                            tuple(1L, "order-a", 1L, "a1"),
                            tuple(2L, "order-b", 0L, "b0"),
                            tuple(3L, "order-a", 2L, "a2"),
                            tuple(4L, "order-c", 0L, "c0"),
                            tuple(5L, "order-c", 1L, "c1"));
        }

        @Test
        void the_head_is_the_number_of_events_and_the_next_position() {
            store().append("order-a", noStream(), events("a0", "a1", "a2"));

            assertThat(store().headPosition()).isEqualTo(3);
            assertThat(store().append("order-b", noStream(), event("b0")).positions()).containsExactly(3L);
            assertThat(store().headPosition()).isEqualTo(4);
        }
    }
}

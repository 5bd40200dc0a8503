package dev.chorus.testkit;

import static dev.chorus.core.ExpectedVersion.any;
import static dev.chorus.core.ExpectedVersion.noStream;
import static dev.chorus.core.ReadDirection.BACKWARD;
import static dev.chorus.core.ReadDirection.FORWARD;
import static dev.chorus.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StreamReader;
import dev.chorus.core.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Reading one stream forward and backward, in pages, and asking for its version. */
public abstract class StreamReadContract extends Contract {
    protected StreamReadContract(StoreFixture fixture) {
        super(fixture);
    }

    @Nested
    class Given_a_stream_of_ten_events_interleaved_with_another_stream {
        @BeforeEach
        void ten_events() {
            for (int v = 0; v < 10; v++) {
                store().append("order-1", any(), event("o" + v));
                if (v % 2 == 0) {
                    store().append("other", any(), event("x" + v));
                }
            }
        }

        @Test
        void reading_forward_from_version_0_returns_the_first_page_in_order() {
            assertThat(versions(store().readStream("order-1", FORWARD, 0, 4))).containsExactly(0L, 1L, 2L, 3L);
        }

        @Test
        void reading_forward_from_the_middle_returns_the_rest_when_it_is_shorter_than_the_page() {
            assertThat(versions(store().readStream("order-1", FORWARD, 7, 10))).containsExactly(7L, 8L, 9L);
        }

        @Test
        void reading_forward_from_beyond_the_last_version_returns_nothing() {
            assertThat(store().readStream("order-1", FORWARD, 10, 10)).isEmpty();
        }

        @Test
        void reading_backward_from_the_end_starts_at_the_last_event() {
            assertThat(versions(store().readStream("order-1", BACKWARD, StreamReader.END, 3)))
                    .containsExactly(9L, 8L, 7L);
        }

        @Test
        void reading_backward_from_a_version_goes_down_from_it_inclusive() {
            assertThat(versions(store().readStream("order-1", BACKWARD, 5, 3))).containsExactly(5L, 4L, 3L);
        }

        @Test
        void reading_backward_near_the_start_stops_at_version_0() {
            assertThat(versions(store().readStream("order-1", BACKWARD, 2, 10))).containsExactly(2L, 1L, 0L);
        }

        @Test
        void a_stream_holds_only_its_own_events_each_with_its_global_position() {
            var fromAll = everything().stream().filter(e -> e.streamId().equals("order-1")).toList();

            assertThat(store().readStream("order-1")).isEqualTo(fromAll)
                    .extracting(TestEvents::text).containsExactly("o0", "o1", "o2", "o3", "o4", "o5", "o6", "o7",
                            "o8", "o9");
            assertThat(versions(store().readStream("other"))).containsExactly(0L, 1L, 2L, 3L, 4L);
        }

        @Test
        void paging_forward_with_the_last_version_read_covers_the_stream_once() {
            var read = new ArrayList<RecordedEvent>();
            long from = 0;
            while (true) {
                var page = store().readStream("order-1", FORWARD, from, 3);
                assertThat(page).hasSizeLessThanOrEqualTo(3);
                if (page.isEmpty()) {
                    break;
                }
                read.addAll(page);
                from = page.getLast().version() + 1;
            }

            assertThat(versions(read)).containsExactlyElementsOf(LongStream.range(0, 10).boxed().toList());
        }

        @Test
        void the_stream_version_is_the_version_of_its_last_event() {
            assertThat(store().streamVersion("order-1")).isEqualTo(9);
            assertThat(store().streamVersion("other")).isEqualTo(4);
        }
    }

    @Nested
    class Given_a_stream_without_events {
        @Test
        void it_reads_as_empty_in_both_directions() {
            store().append("order-2", noStream(), event("elsewhere"));

            assertThat(store().readStream("order-1", FORWARD, 0, 10)).isEmpty();
            assertThat(store().readStream("order-1", BACKWARD, StreamReader.END, 10)).isEmpty();
            assertThat(store().readStream("order-1")).isEmpty();
        }

        @Test
        void its_version_is_minus_1() {
            assertThat(store().streamVersion("order-1")).isEqualTo(-1);
        }
    }

    @Nested
    class Given_a_stream_longer_than_one_page_of_the_default_reader {
        @Test
        void reading_the_whole_stream_returns_every_event_once_in_order() {
            var events = IntStream.range(0, 1_030).mapToObj(i -> event("e" + i)).toList();
            store().append("long", noStream(), events);

            var read = store().readStream("long");

            Sequences.assertRange("versions read", versions(read), 0, 1_030);
            assertThat(read.getLast()).extracting(TestEvents::text).isEqualTo("e1029");
        }
    }

    @Nested
    class Bad_arguments {
        @Test
        void a_negative_from_version_is_refused() {
            assertThatThrownBy(() -> store().readStream("order-1", FORWARD, -1, 10))
                    .isInstanceOf(ValidationError.class);
        }

        @Test
        void a_page_of_no_events_is_refused() {
            assertThatThrownBy(() -> store().readStream("order-1", FORWARD, 0, 0))
                    .isInstanceOf(ValidationError.class);
        }

        @Test
        void an_invalid_stream_id_is_refused() {
            assertThatThrownBy(() -> store().readStream("$reserved", FORWARD, 0, 10))
                    .isInstanceOf(ValidationError.class);
        }
    }

    private static List<Long> versions(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::version).toList();
    }
}

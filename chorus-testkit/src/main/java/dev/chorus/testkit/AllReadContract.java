package dev.chorus.testkit;

import static dev.chorus.core.ExpectedVersion.any;
import static dev.chorus.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.ValidationError;
import java.util.ArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Reading the global order in pages. A page may hold fewer events than asked for, but it is empty only at the
 * head, so a reader can always tell "caught up" from "try again".
 */
public abstract class AllReadContract extends Contract {
    private static final int EVENTS = 25;

    protected AllReadContract(StoreFixture fixture) {
        super(fixture);
    }

    @Nested
    class Given_25_events_in_three_streams {
        @BeforeEach
        void twenty_five_events() {
            for (int i = 0; i < EVENTS; i++) {
                store().append("stream-" + (i % 3), any(), event("e" + i));
            }
        }

        @Test
        void the_head_is_25() {
            assertThat(store().headPosition()).isEqualTo(EVENTS);
        }

        @Test
        void paging_from_0_by_the_last_position_read_returns_every_position_once_in_order() {
            var read = new ArrayList<RecordedEvent>();
            long from = 0;
            while (from < store().headPosition()) {
                var page = store().readAll(from, 10);
                assertThat(page).as("a page below the head at %d", from).isNotEmpty().hasSizeLessThanOrEqualTo(10);
                assertThat(page.getFirst().position()).as("the first position of a page").isEqualTo(from);
                read.addAll(page);
                from = page.getLast().position() + 1;
            }

            assertThat(read).extracting(RecordedEvent::position)
                    .containsExactlyElementsOf(LongStream.range(0, EVENTS).boxed().toList());
            assertThat(read).extracting(TestEvents::text).startsWith("e0", "e1", "e2").endsWith("e24");
            assertThat(store().readAll(from, 10)).as("a page at the head").isEmpty();
        }

        @Test
        void reading_from_the_middle_starts_at_that_position_and_stays_within_the_page() {
            var page = store().readAll(7, 3);

            assertThat(page).isNotEmpty().hasSizeLessThanOrEqualTo(3);
            assertThat(page).extracting(RecordedEvent::position)
                    .containsExactlyElementsOf(LongStream.range(7, 7 + page.size()).boxed().toList());
            assertThat(page.getFirst()).extracting(TestEvents::text).isEqualTo("e7");
        }

        @Test
        void reading_the_last_position_returns_the_last_event() {
            assertThat(store().readAll(EVENTS - 1, 10)).extracting(TestEvents::text).containsExactly("e24");
        }

        @Test
        void reading_at_or_beyond_the_head_returns_nothing() {
            assertThat(store().readAll(EVENTS, 10)).isEmpty();
            assertThat(store().readAll(EVENTS + 1000, 10)).isEmpty();
        }

        @Test
        void each_event_sits_in_the_global_order_where_its_stream_says_it_does() {
            var all = everything();

            for (int s = 0; s < 3; s++) {
                var stream = store().readStream("stream-" + s);
                assertThat(stream).isEqualTo(all.stream().filter(e -> e.streamId().equals(
                        stream.getFirst().streamId())).toList());
            }
        }
    }

    @Nested
    class Bad_arguments {
        @Test
        void a_negative_position_is_refused() {
            assertThatThrownBy(() -> store().readAll(-1, 10)).isInstanceOf(ValidationError.class);
        }

        @Test
        void a_page_of_no_events_is_refused() {
            assertThatThrownBy(() -> store().readAll(0, 0)).isInstanceOf(ValidationError.class);
        }
    }
}

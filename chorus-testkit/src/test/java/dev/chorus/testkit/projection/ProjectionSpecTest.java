package dev.chorus.testkit.projection;

import static dev.chorus.testkit.projection.Tally.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.projection.Projection;
import dev.chorus.testkit.projection.Tally.Counted;
import dev.chorus.testkit.projection.Tally.Reset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProjectionSpecTest {
    private final ProjectionSpec<Tally.Event> counters = ProjectionSpec.of(Tally.counters());

    @Nested
    class Passing_specs {
        @Test
        void given_events_then_a_row_holds_their_effect() {
            counters.given(new Counted("a", 2), new Counted("a", 3), new Counted("b", 1))
                    .thenRow("count/a", LONG, 5L);
        }

        @Test
        void then_rows_compares_every_row_under_a_prefix() {
            counters.given(new Counted("a", 2), new Counted("b", 1), new Reset("a"), new Counted("c", 4))
                    .thenRows("count/", LONG, Map.of("count/b", 1L, "count/c", 4L));
        }

        @Test
        void then_no_row_after_a_reset() {
            counters.given(new Counted("a", 2), new Reset("a")).thenNoRow("count/a");
        }

        @Test
        void events_of_other_models_are_skipped() {
            counters.given(new Counted("a", 2)).andStored("parcels", Tally.foreign())
                    .andIn("other-stream", new Counted("a", 1))
                    .then(model -> assertThat(model.get("count/a", LONG)).hasValue(3L));
        }

        @Test
        void given_nothing_the_read_model_is_empty() {
            assertThat(counters.givenNothing().rows()).isEmpty();
        }

        @Test
        void raw_rows_can_be_compared_whole() {
            counters.given(new Counted("a", 7)).thenRows(Map.of("count/a", Tally.utf8("7")));
        }

        @Test
        void a_failure_is_handed_over_for_checks() {
            counters.given(new Counted("a", 1), new Counted("a", -1)).thenFails(failure -> {
                assertThat(failure.position()).isEqualTo(1);
                assertThat(failure.getCause()).hasMessageContaining("counters only go up");
            });
        }
    }

    @Nested
    class Failing_specs_say_why {
        @Test
        void a_wrong_row_value_names_the_events_and_both_values() {
            assertThatThrownBy(() -> counters.given(new Counted("a", 2)).thenRow("count/a", LONG, 3L))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("projection counters, given #0 Counted[counter=a, by=2]")
                    .hasMessageContaining("expected row count/a = 3").hasMessageContaining("but it is    2");
        }

        @Test
        void a_missing_row_shows_the_read_model() {
            assertThatThrownBy(() -> counters.given(new Counted("a", 2)).thenRow("count/b", LONG, 2L))
                    .hasMessageContaining("no such row").hasMessageContaining("count/a = \"2\"");
        }

        @Test
        void an_extra_row_under_the_prefix_fails_then_rows() {
            assertThatThrownBy(() -> counters.given(new Counted("a", 2), new Counted("b", 1))
                    .thenRows("count/", LONG, Map.of("count/a", 2L)))
                    .hasMessageContaining("{count/a=2}").hasMessageContaining("{count/a=2, count/b=1}");
        }

        @Test
        void a_row_that_is_there_fails_then_no_row() {
            assertThatThrownBy(() -> counters.given(new Counted("a", 2)).thenNoRow("count/a"))
                    .hasMessageContaining("expected no row count/a");
        }

        @Test
        void a_projection_that_fails_fails_every_then_but_then_fails() {
            assertThatThrownBy(() -> counters.given(new Counted("a", -1)).thenRow("count/a", LONG, 0L))
                    .hasMessageContaining("expected the projection to apply every event")
                    .hasMessageContaining("stopped at position 0");
        }

        @Test
        void then_fails_when_the_projection_does_not() {
            assertThatThrownBy(() -> counters.given(new Counted("a", 1)).thenFails(failure -> { }))
                    .hasMessageContaining("expected the projection to fail").hasMessageContaining("applied all 1");
        }

        @Test
        void a_failed_check_of_your_own_comes_with_the_read_model() {
            assertThatThrownBy(() -> counters.given(new Counted("a", 1))
                    .then(model -> assertThat(model.get("count/a", LONG)).hasValue(9L)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("count/a = \"1\"");
        }
    }

    @Nested
    class Replay_check {
        /** Keeps its count in a field: right the first time, wrong after any rebuild or crash. */
        private static Projection<Tally.Event> countingInAField() {
            var count = new AtomicLong();
            return Projection.of("leaky", Tally.CODEC,
                    (event, source, model) -> model.put("count", LONG.encode(count.incrementAndGet())));
        }

        @Test
        void a_projection_keeping_state_outside_the_read_model_is_caught() {
            assertThatThrownBy(() -> ProjectionSpec.of(countingInAField()).given(new Counted("a", 1))
                    .thenRow("count", LONG, 1L))
                    .hasMessageContaining("not replayable").hasMessageContaining("not in fields");
        }

        @Test
        void the_check_can_be_turned_off_for_a_projection_that_knows_better() {
            ProjectionSpec.of(countingInAField()).withoutReplayCheck().given(new Counted("a", 1))
                    .thenRow("count", LONG, 1L);
        }

        @Test
        void a_projection_that_reads_the_batch_it_is_in_correctly_passes() {
            var last = Projection.of("last", Tally.CODEC, (event, source, model) -> {
                long previous = model.get("n", LONG).orElse(0L);
                model.put("n", LONG.encode(previous + 1));
                model.deletePrefix("recent/");
                model.put("recent/" + source.position(), LONG.encode(previous));
            });

            ProjectionSpec.of(last).given(new Counted("a", 1), new Counted("b", 1), new Counted("c", 1))
                    .thenRows(Map.of("n", Tally.utf8("3"), "recent/2", Tally.utf8("2")));
        }
    }
}

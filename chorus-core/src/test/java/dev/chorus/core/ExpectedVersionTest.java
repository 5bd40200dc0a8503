package dev.chorus.core;

import static dev.chorus.core.ExpectedVersion.NO_STREAM_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpectedVersionTest {
    @Nested
    class Any {
        @ParameterizedTest
        @ValueSource(longs = {NO_STREAM_VERSION, 0, 1, 41, Long.MAX_VALUE})
        void is_satisfied_by_every_stream_whether_it_has_events_or_not(long actual) {
            assertThat(ExpectedVersion.any().isSatisfiedBy(actual)).isTrue();
        }
    }

    @Nested
    class NoStream {
        @Test
        void is_satisfied_by_a_stream_without_events() {
            assertThat(ExpectedVersion.noStream().isSatisfiedBy(NO_STREAM_VERSION)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(longs = {0, 1, 41, Long.MAX_VALUE})
        void is_not_satisfied_by_a_stream_with_events(long actual) {
            assertThat(ExpectedVersion.noStream().isSatisfiedBy(actual)).isFalse();
        }
    }

    @Nested
    class StreamExists {
        @Test
        void is_not_satisfied_by_a_stream_without_events() {
            assertThat(ExpectedVersion.streamExists().isSatisfiedBy(NO_STREAM_VERSION)).isFalse();
        }

        @ParameterizedTest
        @ValueSource(longs = {0, 1, 41, Long.MAX_VALUE})
        void is_satisfied_by_a_stream_with_events(long actual) {
            assertThat(ExpectedVersion.streamExists().isSatisfiedBy(actual)).isTrue();
        }
    }

    @Nested
    class Exactly {
        @Test
        void is_satisfied_only_by_the_same_version() {
            var expected = ExpectedVersion.exactly(3);

            assertThat(expected.isSatisfiedBy(3)).isTrue();
            assertThat(expected.isSatisfiedBy(2)).isFalse();
            assertThat(expected.isSatisfiedBy(4)).isFalse();
            assertThat(expected.isSatisfiedBy(NO_STREAM_VERSION)).isFalse();
        }

        @Test
        void version_0_means_the_stream_holds_exactly_one_event() {
            assertThat(ExpectedVersion.exactly(0).isSatisfiedBy(0)).isTrue();
            assertThat(ExpectedVersion.exactly(0).isSatisfiedBy(NO_STREAM_VERSION)).isFalse();
        }

        @Test
        void a_negative_version_is_refused_and_points_to_no_stream() {
            assertThatThrownBy(() -> ExpectedVersion.exactly(NO_STREAM_VERSION))
                    .isInstanceOfSatisfying(ValidationError.class,
                            e -> assertThat(e.field()).isEqualTo("expectedVersion"))
                    .hasMessageContaining("NoStream");
        }

        @Test
        void two_exact_versions_are_equal_when_their_versions_are() {
            assertThat(ExpectedVersion.exactly(7)).isEqualTo(ExpectedVersion.exactly(7))
                    .isNotEqualTo(ExpectedVersion.exactly(8));
        }
    }

    @Test
    void a_conflict_describes_what_was_expected_and_what_was_found() {
        var conflict = new ConcurrencyConflict("order-1", ExpectedVersion.noStream(), 4);

        assertThat(conflict.streamId()).isEqualTo("order-1");
        assertThat(conflict.expected()).isEqualTo(ExpectedVersion.noStream());
        assertThat(conflict.actualVersion()).isEqualTo(4);
        assertThat(conflict).isInstanceOf(RetriableException.class)
                .hasMessageContaining("order-1").hasMessageContaining("no stream").hasMessageContaining("4");
    }

    @Test
    void a_conflict_on_a_stream_without_events_says_so() {
        var conflict = new ConcurrencyConflict("order-1", ExpectedVersion.exactly(2), NO_STREAM_VERSION);

        assertThat(conflict).hasMessageContaining("version 2").hasMessageContaining("none (no events)");
    }
}

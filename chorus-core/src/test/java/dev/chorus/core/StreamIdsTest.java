package dev.chorus.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamIdsTest {
    private static final int MAX = 20;

    @Nested
    class Accepted {
        @ParameterizedTest
        @ValueSource(strings = {"a", "order-1", "order 1", "a$b", "Bestellung-Größe", "注文-42", "🎵-track-1",
                "tenant/order:1"})
        void a_well_formed_id_is_returned_unchanged(String streamId) {
            assertThat(StreamIds.validate(streamId, MAX)).isSameAs(streamId);
        }

        @Test
        void an_id_of_exactly_the_maximum_length_is_accepted() {
            var streamId = "s".repeat(MAX);

            assertThat(StreamIds.validate(streamId, MAX)).isEqualTo(streamId);
        }

        @Test
        void a_surrogate_pair_is_valid_utf_16() {
            assertThat(StreamIds.validate("a\uD83C\uDFB5b", MAX)).isEqualTo("a🎵b");
        }
    }

    @Nested
    class Refused {
        @Test
        void an_empty_id_is_refused() {
            assertRefused("", "must not be empty");
        }

        @Test
        void a_null_id_is_refused_as_invalid_input() {
            assertRefused(null, "must not be empty");
        }

        @Test
        void an_id_one_character_too_long_exceeds_the_limit_with_its_length() {
            assertThatThrownBy(() -> StreamIds.validate("s".repeat(MAX + 1), MAX))
                    .isInstanceOfSatisfying(LimitExceeded.class, e -> {
                        assertThat(e.limit()).isEqualTo(MAX);
                        assertThat(e.actual()).isEqualTo(MAX + 1);
                    });
        }

        @ParameterizedTest
        @ValueSource(strings = {"$all", "$", "$streams-of-chorus"})
        void a_leading_dollar_is_reserved(String streamId) {
            assertRefused(streamId, "reserved");
        }

        @ParameterizedTest
        @ValueSource(strings = {" order", "order ", "\torder", "order\u2003"})
        void leading_or_trailing_whitespace_is_refused(String streamId) {
            assertRefused(streamId, "whitespace");
        }

        @ParameterizedTest
        @ValueSource(strings = {"order\n1", "order\u00001", "order\u001b1", "order\u007f1", "order\u00851"})
        void a_control_character_anywhere_is_refused_with_its_index(String streamId) {
            assertRefused(streamId, "control characters (at index 5)");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a\uD83C", "a\uDFB5b", "a\uD83Cb", "\uDFB5\uD83C"})
        void a_lone_surrogate_is_refused(String streamId) {
            assertRefused(streamId, "lone surrogate");
        }

        private static void assertRefused(String streamId, String reason) {
            assertThatThrownBy(() -> StreamIds.validate(streamId, MAX))
                    .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).isEqualTo("streamId"))
                    .isNotInstanceOf(LimitExceeded.class)
                    .hasMessageContaining(reason);
        }
    }
}

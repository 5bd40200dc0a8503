package dev.chorus.core.lineage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class KeySegmentsTest {
    @Nested
    class A_segment {
        @Test
        void keeps_a_short_plain_id_as_it_is() {
            assertThat(KeySegments.of("order-42")).isEqualTo("order-42");
            assertThat(KeySegments.of("注文-1")).isEqualTo("注文-1");
        }

        @Test
        void holds_no_slash_so_one_id_cannot_reach_into_the_keys_of_another() {
            assertThat(KeySegments.of("a/b")).isEqualTo("a%2Fb").doesNotContain("/");
            assertThat(KeySegments.of("a/b")).doesNotStartWith(KeySegments.of("a") + "/");
        }

        @Test
        void escapes_the_escape_so_distinct_ids_stay_distinct() {
            assertThat(KeySegments.of("a%2Fb")).isEqualTo("a%252Fb").isNotEqualTo(KeySegments.of("a/b"));
        }

        @Test
        void hashes_a_long_id_into_a_fixed_size_that_no_readable_segment_can_take() {
            String longId = "x".repeat(KeySegments.MAX_READABLE_BYTES + 1);

            var segment = KeySegments.of(longId);

            assertThat(segment).startsWith("#").hasSize(65);
            assertThat(KeySegments.of("#" + segment.substring(1))).startsWith("%23");
            assertThat(KeySegments.of(longId + "y")).isNotEqualTo(segment);
            assertThat(KeySegments.of("x".repeat(KeySegments.MAX_READABLE_BYTES))).doesNotStartWith("#");
        }

        @Test
        void counts_the_limit_in_utf8_bytes() {
            String wide = "é".repeat(KeySegments.MAX_READABLE_BYTES / 2 + 1);

            assertThat(wide.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(KeySegments.MAX_READABLE_BYTES);
            assertThat(KeySegments.of(wide)).startsWith("#");
        }

        @Test
        void hashes_malformed_text_without_merging_different_lone_surrogates() {
            var one = KeySegments.of("a\uD800");
            var other = KeySegments.of("a\uD801");

            assertThat(one).startsWith("#").isNotEqualTo(other);
            assertThat(KeySegments.of("")).startsWith("#");
        }
    }

    @Nested
    class Ordering {
        @Test
        void positions_sort_as_numbers() {
            var keys = new ArrayList<>(List.of(KeySegments.pad(10), KeySegments.pad(9), KeySegments.pad(100)));

            keys.sort(null);

            assertThat(keys).containsExactly(KeySegments.pad(9), KeySegments.pad(10), KeySegments.pad(100));
        }

        @Test
        void instants_sort_in_time_order_down_to_the_nanosecond() {
            var early = Instant.parse("2026-01-15T09:30:00.000000001Z");
            var late = Instant.parse("2026-01-15T09:30:01Z");
            var far = Instant.parse("3026-01-01T00:00:00Z");

            assertThat(KeySegments.sortable(early)).isLessThan(KeySegments.sortable(late));
            assertThat(KeySegments.sortable(late)).isLessThan(KeySegments.sortable(far));
            assertThat(KeySegments.sortable(Instant.parse("1969-01-01T00:00:00Z")))
                    .isEqualTo(KeySegments.sortable(Instant.EPOCH));
        }
    }
}

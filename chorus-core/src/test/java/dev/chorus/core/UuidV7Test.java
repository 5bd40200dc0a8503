package dev.chorus.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class UuidV7Test {
    @Nested
    class Bits {
        @Test
        void a_uuid_made_from_a_clock_is_version_7_with_the_rfc_variant() {
            var uuid = UuidV7.next(clockAt(1_700_000_000_123L));

            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
        }

        @Test
        void all_random_bits_set_do_not_leak_into_the_version_or_variant() {
            var uuid = UuidV7.at(1L, -1L, -1L);

            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(UuidV7.millisOf(uuid)).isEqualTo(1L);
        }

        @Test
        void no_random_bits_set_still_gives_version_7_with_the_rfc_variant() {
            var uuid = UuidV7.at(0L, 0L, 0L);

            assertThat(uuid).isEqualTo(UUID.fromString("00000000-0000-7000-8000-000000000000"));
        }

        @Test
        void the_textual_form_starts_with_the_millis_in_hex() {
            var uuid = UuidV7.at(0x0189_ABCD_EF01L, 0L, 0L);

            assertThat(uuid.toString()).startsWith("0189abcd-ef01-7");
        }
    }

    @Nested
    class Millis {
        @Test
        void the_millis_of_a_uuid_are_the_clock_millis_it_was_made_at() {
            long millis = Instant.parse("2026-03-01T12:34:56.789Z").toEpochMilli();

            assertThat(UuidV7.millisOf(UuidV7.next(clockAt(millis)))).isEqualTo(millis);
        }

        @Test
        void a_uuid_of_another_version_has_no_millis() {
            var random = UUID.randomUUID();

            assertThatThrownBy(() -> UuidV7.millisOf(random))
                    .isInstanceOf(ValidationError.class)
                    .hasMessageContaining("not a version 7 UUID");
        }
    }

    @Nested
    class Ordering {
        @Test
        void uuids_made_in_later_milliseconds_sort_after_earlier_ones_as_text_and_as_values() {
            var uuids = new ArrayList<UUID>();
            for (long millis = 1_700_000_000_000L; millis < 1_700_000_000_050L; millis++) {
                uuids.add(UuidV7.next(clockAt(millis)));
            }

            assertThat(uuids.stream().map(UUID::toString).toList()).isSorted();
            assertThat(uuids.stream().map(UuidV7::millisOf).toList()).isSorted().doesNotHaveDuplicates();
        }
    }

    private static Clock clockAt(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
}

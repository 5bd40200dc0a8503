package dev.chorus.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsoInstantsPropertiesTest {
    /** From 1970 to 9999-12-31, where {@link Instant#toString()} writes four digits of year. */
    private static final long LAST_FOUR_DIGIT_SECOND = 253_402_300_799L;

    @Test
    void any_instant_written_by_toString_reads_back_as_itself() {
        // whole seconds, milli-, micro- and nanoseconds: the four widths toString writes
        Gen<Long> nanos = Gen.frequencyOf(Gen.longs(0, 0), Gen.longs(0, 999).map(ms -> ms * 1_000_000),
                Gen.longs(0, 999_999).map(us -> us * 1_000), Gen.longs(0, 999_999_999));
        var samples = Gen.combine(Gen.longs(0, LAST_FOUR_DIGIT_SECOND), nanos,
                (seconds, nano) -> Instant.ofEpochSecond(seconds, nano));
        PropertyCheck.forAll(2_000, samples, instant ->
                assertThat(IsoInstants.parse(instant.toString())).isEqualTo(instant));
    }

    @Test
    void any_millisecond_is_written_as_Instant_toString_writes_it() {
        var samples = Gen.frequencyOf(Gen.longs(-LAST_FOUR_DIGIT_SECOND * 1000, LAST_FOUR_DIGIT_SECOND * 1000),
                Gen.longs(0, LAST_FOUR_DIGIT_SECOND).map(seconds -> seconds * 1000),
                Gen.longs(-62_200_000_000_000L, -62_100_000_000_000L));
        PropertyCheck.forAll(2_000, samples, millis ->
                assertThat(IsoInstants.formatMillis(millis)).isEqualTo(Instant.ofEpochMilli(millis).toString()));
        for (long millis : List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 253_402_300_800_000L)) {
            assertThat(IsoInstants.formatMillis(millis)).isEqualTo(Instant.ofEpochMilli(millis).toString());
        }
    }

    @Test
    void forms_the_quick_path_does_not_take_are_read_as_Instant_parse_reads_them() {
        for (String text : List.of("+10000-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "2026-11-27T00:07:55.1Z",
                "2026-11-27T10:15:30+01:00", "2026-11-27T23:59:60Z", "2026-11-27T24:00:00Z",
                "2026-11-27T00:00:00.Z")) {
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void malformed_text_is_refused_as_Instant_parse_refuses_it() {
        for (String text : List.of("2026-02-30T00:00:00Z", "2026-11-27T00:60:00Z", "2026-1a-27T00:00:00Z",
                "2026-11-27 00:00:00Z", "2026-11-27T00:00:00.1234567890Z")) {
            assertThatThrownBy(() -> Instant.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> IsoInstants.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}

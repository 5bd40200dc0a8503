package dev.chorus.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SagaTimelineTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void slow_orders_are_counted_by_half_second_and_the_busiest_come_first() {
        var byHalfSecond = new TreeMap<Integer, Integer>();
        for (long offset : List.of(16 * SECOND + 100, 16 * SECOND + SECOND / 3, 16 * SECOND + 2, SECOND / 2,
                SECOND / 2 + 1, 9 * SECOND + SECOND / 2)) {
            SagaTimeline.count(byHalfSecond, offset);
        }

        assertThat(SagaTimeline.busiest(byHalfSecond, 2)).isEqualTo("16.0:3,0.5:2");
        assertThat(SagaTimeline.busiest(byHalfSecond, 5)).isEqualTo("16.0:3,0.5:2,9.5:1");
        assertThat(SagaTimeline.busiest(new TreeMap<>(), 5)).isEmpty();
    }

    @Test
    void happenings_are_told_in_seconds_from_the_window_with_pauses_and_spans() {
        long start = 1_000 * SECOND;
        var happenings = List.of(
                new SagaTimeline.Happening("log roll", start + 16 * SECOND, start + 16 * SECOND, 0),
                new SagaTimeline.Happening("state compaction", start + SECOND, start + 2 * SECOND, 0),
                new SagaTimeline.Happening("G1 Young Generation", start + 3 * SECOND, start + 3 * SECOND, 12),
                new SagaTimeline.Happening("state compaction", start + 19 * SECOND, -1, 0));

        assertThat(SagaTimeline.describe(happenings, start)).isEqualTo("log roll@16.00,state compaction@1.00-2.00,"
                + "G1 Young Generation@3.00(12ms),state compaction@19.00-");
    }
}

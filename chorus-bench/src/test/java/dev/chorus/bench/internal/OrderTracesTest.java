package dev.chorus.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.UUID;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OrderTracesTest {
    @Test
    void each_order_keeps_one_slot_whoever_names_it_first_and_only_counted_orders_are_listed() {
        var traces = new OrderTraces(1_000);
        var ids = new ArrayList<String>();
        for (int i = 0; i < 1_000; i++) {
            ids.add(new UUID(0x0190_0000_0000_7000L + i / 7, 0x8000_0000_0000_0000L + i).toString());
        }

        var slots = new ArrayList<Integer>();
        for (String id : ids) {
            slots.add(traces.slot(id));
        }
        for (int i = 0; i < ids.size(); i += 2) {
            int again = traces.slot(ids.get(i));
            traces.set(again, OrderTraces.SEEN_CONFIRMED, 100 + i);
            traces.placed(again, 10 + i, 20 + i);
        }

        assertThat(new HashSet<>(slots)).hasSize(1_000).doesNotContain(-1);
        assertThat(traces.orderId(slots.get(999))).isEqualTo(ids.get(999));
        assertThat(traces.get(slots.get(10), OrderTraces.SEEN_CONFIRMED)).isEqualTo(110);
        var counted = new ArrayList<Integer>();
        traces.forEachCounted(counted::add);
        assertThat(counted).hasSize(500);
        assertThat(traces.isCounted(slots.get(11))).isFalse();
    }

    @Test
    void an_order_past_the_room_asked_for_gets_no_slot() {
        var traces = new OrderTraces(16);
        for (int i = 0; i < 16; i++) {
            assertThat(traces.slot(new UUID(1, i).toString())).isNotNegative();
        }

        assertThat(traces.slot(new UUID(2, 0).toString())).isEqualTo(-1);
        assertThat(traces.slot(new UUID(1, 3).toString())).isNotNegative();
    }
}

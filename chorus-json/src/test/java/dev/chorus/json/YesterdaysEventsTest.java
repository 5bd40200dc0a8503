package dev.chorus.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.json.OrderEvent.Money;
import dev.chorus.json.OrderEvent.OrderPlaced;
import dev.chorus.json.YesterdaysCode.OrderPlacedV1;
import dev.chorus.json.YesterdaysCode.OrderPlacedV2;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Events written by earlier releases, frozen as files, read by today's code. */
class YesterdaysEventsTest {
    private static final Instant YESTERDAY = Instant.parse("2026-02-28T09:15:00.123Z");
    private static final EventType V1 = EventType.of("OrderPlaced", 1);
    private static final EventType V2 = EventType.of("OrderPlaced", 2);

    private final JsonEventCodec<OrderEvent> today = OrderCodecs.today();

    @Nested
    class Todays_code_reads_them {
        @Test
        void a_v1_order_in_euros_becomes_a_v3_order_with_its_total_in_euros_placed_when_it_was_recorded() {
            try (var store = storeAt(YESTERDAY)) {
                store.append("order-17", ExpectedVersion.noStream(), NewEvent.of(V1, fixture("OrderPlaced.v1.json")));

                var decoded = today.decode(store.readStream("order-17").getFirst());

                assertThat(decoded).isEqualTo(new OrderPlaced("order-17", "Zoë Ångström",
                        new Money(new BigDecimal("12.50"), "EUR"), YESTERDAY));
            }
        }

        @Test
        void a_v2_order_keeps_its_currency_and_every_digit_of_its_amount() {
            try (var store = storeAt(YESTERDAY)) {
                store.append("order-18", ExpectedVersion.noStream(), NewEvent.of(V2, fixture("OrderPlaced.v2.json")));

                var decoded = today.decode(store.readStream("order-18").getFirst());

                assertThat(decoded).isEqualTo(new OrderPlaced("order-18", "山田 太郎 🎵",
                        new Money(new BigDecimal("12345678901234567890.123456789"), "CHF"), YESTERDAY));
            }
        }

        @Test
        void a_stream_holding_v1_v2_and_v3_events_reads_as_v3_records_only() {
            var placedToday = new OrderPlaced("order-19", "Grace", new Money(new BigDecimal("7"), "USD"),
                    YESTERDAY.plusSeconds(86_400));
            try (var store = storeAt(YESTERDAY)) {
                var encodedToday = today.encode(placedToday);
                store.append("order-19", ExpectedVersion.noStream(), NewEvent.of(V1, fixture("OrderPlaced.v1.json")),
                        NewEvent.of(V2, fixture("OrderPlaced.v2.json")),
                        NewEvent.of(encodedToday.type(), encodedToday.data()));

                var decoded = store.readStream("order-19").stream().map(today::decode).toList();

                assertThat(decoded).extracting(OrderEvent::orderId).containsExactly("order-17", "order-18", "order-19");
                assertThat(decoded).allMatch(OrderPlaced.class::isInstance);
                assertThat(decoded.getLast()).isEqualTo(placedToday);
            }
        }

        @Test
        void an_upcast_event_written_again_is_written_as_v3() {
            var upcast = today.decode(Stored.event(0, V1, fixture("OrderPlaced.v1.json")));

            var rewritten = today.encode(upcast);

            assertThat(rewritten.type()).isEqualTo(EventType.of("OrderPlaced", 3));
            assertThat(today.decode(Stored.event(1, rewritten))).isEqualTo(upcast);
        }

        @Test
        void reading_an_old_event_twice_gives_the_same_record_because_upcasters_do_not_touch_the_stored_bytes() {
            var stored = Stored.event(0, V1, fixture("OrderPlaced.v1.json"));

            var first = today.decode(stored);
            var second = today.decode(stored);

            assertThat(second).isEqualTo(first);
            assertThat(stored.data()).isEqualTo(fixture("OrderPlaced.v1.json"));
        }
    }

    @Nested
    class The_fixtures_are_what_yesterdays_code_wrote {
        @Test
        void the_v1_codec_writes_the_v1_fixture_byte_for_byte() {
            var encoded = YesterdaysCode.v1().encode(
                    new OrderPlacedV1("order-17", "Zoë Ångström", new BigDecimal("12.50")));

            assertThat(encoded.type()).isEqualTo(V1);
            assertThat(encoded.data()).isEqualTo(fixture("OrderPlaced.v1.json"));
        }

        @Test
        void the_v2_codec_writes_the_v2_fixture_byte_for_byte() {
            var encoded = YesterdaysCode.v2().encode(new OrderPlacedV2("order-18", "山田 太郎 🎵",
                    new BigDecimal("12345678901234567890.123456789"), "CHF"));

            assertThat(encoded.type()).isEqualTo(V2);
            assertThat(encoded.data()).isEqualTo(fixture("OrderPlaced.v2.json"));
        }

        @Test
        void the_v2_codec_read_v1_events_through_its_own_one_step_chain() {
            var decoded = YesterdaysCode.v2().decode(Stored.event(0, V1, fixture("OrderPlaced.v1.json")));

            assertThat(decoded).isEqualTo(new OrderPlacedV2("order-17", "Zoë Ångström", new BigDecimal("12.50"), "EUR"));
        }
    }

    private static InMemoryEventStore storeAt(Instant now) {
        return new InMemoryEventStore(Clock.fixed(now, ZoneOffset.UTC), StoreLimits.DEFAULT);
    }

    static byte[] fixture(String name) {
        try (var in = YesterdaysEventsTest.class.getClassLoader().getResourceAsStream("yesterday/" + name)) {
            assertThat(in).as("fixture yesterday/%s", name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

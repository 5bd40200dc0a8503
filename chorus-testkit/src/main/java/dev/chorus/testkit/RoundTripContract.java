package dev.chorus.testkit;

import static dev.chorus.core.ExpectedVersion.noStream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventType;
import dev.chorus.core.NewEvent;
import dev.chorus.core.ReadDirection;
import dev.chorus.core.RecordedEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What goes in comes out byte for byte: large, empty, binary and non-ASCII data, ids and metadata. */
public abstract class RoundTripContract extends Contract {
    protected RoundTripContract(StoreFixture fixture) {
        super(fixture);
    }

    @Test
    void a_900_KiB_payload_reads_back_byte_for_byte() {
        var data = new byte[900 * 1024];
        new Random(42).nextBytes(data);

        store().append("big-1", noStream(), NewEvent.of(TestEvents.ORDER_PLACED, data));

        assertThat(store().readStream("big-1").getFirst().data()).isEqualTo(data);
        assertThat(store().readAll(0, 1).getFirst().data()).isEqualTo(data);
    }

    @Test
    void an_empty_payload_reads_back_empty() {
        store().append("order-1", noStream(), NewEvent.of(TestEvents.ORDER_PLACED, new byte[0]));

        assertThat(store().readStream("order-1").getFirst().data()).isEmpty();
    }

    @Test
    void every_byte_value_reads_back_unchanged() {
        var data = new byte[512];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }

        store().append("binary-1", noStream(), NewEvent.of(TestEvents.ORDER_PLACED, data));

        assertThat(store().readStream("binary-1").getFirst().data()).isEqualTo(data);
    }

    @Test
    void non_ascii_stream_ids_payloads_and_metadata_read_back_exactly() {
        String streamId = "Bestellung-Größe-注文-🎵";
        String text = "{\"kunde\":\"Jürgen Ø\",\"備考\":\"é\u0301 🎵 ∑\",\"nul\":\"\\u0000\"}";
        var metadata = Map.of("schlüssel", "wert-値-🎵", "tenant", "ÆØÅ", "empty", "");
        var type = EventType.of("Order.Placed_v-2", 3);

        store().append(streamId, noStream(),
                NewEvent.of(type, text.getBytes(StandardCharsets.UTF_8)).withMetadata(metadata));

        var recorded = store().readStream(streamId).getFirst();
        assertThat(recorded.streamId()).isEqualTo(streamId);
        assertThat(recorded.type()).isEqualTo(type);
        assertThat(recorded.data()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        assertThat(TestEvents.text(recorded)).isEqualTo(text);
        assertThat(recorded.metadata()).containsAllEntriesOf(metadata);
        assertThat(store().readAll(0, 1).getFirst()).isEqualTo(recorded);
        assertThat(store().streamVersion(streamId)).isZero();
        assertThat(store().readStream(streamId, ReadDirection.BACKWARD, Long.MAX_VALUE, 1)).containsExactly(recorded);
    }

    @Test
    void stream_ids_that_differ_only_in_case_or_normalisation_are_different_streams() {
        store().append("Order-1", noStream(), TestEvents.event("upper"));
        store().append("order-1", noStream(), TestEvents.event("lower"));
        store().append("caf\u00e9", noStream(), TestEvents.event("composed"));
        store().append("cafe\u0301", noStream(), TestEvents.event("decomposed"));

        assertThat(store().readStream("Order-1")).extracting(TestEvents::text).containsExactly("upper");
        assertThat(store().readStream("order-1")).extracting(TestEvents::text).containsExactly("lower");
        assertThat(store().readStream("caf\u00e9")).extracting(TestEvents::text).containsExactly("composed");
        assertThat(store().readStream("cafe\u0301")).extracting(TestEvents::text).containsExactly("decomposed");
    }

    @Test
    void changing_the_appended_array_afterwards_does_not_change_the_stored_event() {
        var data = "original".getBytes(StandardCharsets.UTF_8);
        store().append("order-1", noStream(), NewEvent.of(TestEvents.ORDER_PLACED, data));

        data[0] = 'X';

        assertThat(TestEvents.text(store().readStream("order-1").getFirst())).isEqualTo("original");
    }

    @Test
    void changing_a_read_array_does_not_change_the_stored_event() {
        store().append("order-1", noStream(), TestEvents.event("original"));
        RecordedEvent read = store().readStream("order-1").getFirst();

        read.data()[0] = 'X';

        assertThat(TestEvents.text(store().readStream("order-1").getFirst())).isEqualTo("original");
        assertThat(TestEvents.text(store().readAll(0, 1).getFirst())).isEqualTo("original");
    }

    @Test
    void a_live_subscriber_gets_the_appended_bytes_even_when_the_appender_changes_its_array_afterwards() {
        var handler = new RecordingHandler();
        try (var subscription = store().subscribe(0, handler)) {
            handler.awaitLive(PATIENCE);
            var data = "original".getBytes(StandardCharsets.UTF_8);
            store().append("order-1", noStream(), NewEvent.of(TestEvents.ORDER_PLACED, data));

            data[0] = 'X';

            assertThat(TestEvents.text(handler.awaitEvents(1, PATIENCE).getFirst())).isEqualTo("original");
            // a second subscriber, reading what the first one was handed, sees the same
            var late = new RecordingHandler();
            try (var again = store().subscribe(0, late)) {
                assertThat(TestEvents.text(late.awaitEvents(1, PATIENCE).getFirst())).isEqualTo("original");
            }
        }
    }
}

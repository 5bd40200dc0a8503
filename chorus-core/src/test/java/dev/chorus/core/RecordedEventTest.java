package dev.chorus.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One event instance is handed to every reader, so nothing a reader does with its payload reaches another. */
class RecordedEventTest {
    private final RecordedEvent event = new RecordedEvent(7, "cart-1", 0, EventType.of("Cart.Opened", 1),
            "hello".getBytes(StandardCharsets.UTF_8), Map.of(Metadata.EVENT_ID, "e-1"));

    @Test
    void each_reader_of_the_payload_gets_its_own_copy_and_changing_it_changes_nothing() {
        byte[] mine = event.data();
        mine[0] = 'J';

        assertThat(event.data()).isNotSameAs(event.data());
        assertThat(new String(event.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(event.dataSize()).isEqualTo(5);
    }

    @Test
    void the_view_reads_the_payload_without_a_copy_and_cannot_write_it() {
        var view = event.dataView();

        assertThat(view.remaining()).isEqualTo(5);
        assertThat(view.get(0)).isEqualTo((byte) 'h');
        assertThatThrownBy(() -> view.put(0, (byte) 'J')).isInstanceOf(ReadOnlyBufferException.class);
        assertThat(new String(event.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }
}

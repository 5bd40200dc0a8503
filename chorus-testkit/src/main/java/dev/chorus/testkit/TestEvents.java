package dev.chorus.testkit;

import dev.chorus.core.EventType;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Small events whose data is readable text, so that a failing assertion shows which event went where. */
public final class TestEvents {
    public static final EventType ORDER_PLACED = EventType.of("OrderPlaced", 1);
    public static final EventType ORDER_SHIPPED = EventType.of("OrderShipped", 1);
    public static final EventType INVOICE_SENT = EventType.of("InvoiceSent", 2);

    private TestEvents() {}

    public static NewEvent event(String text) {
        return event(ORDER_PLACED, text);
    }

    public static NewEvent event(EventType type, String text) {
        return NewEvent.of(type, text.getBytes(StandardCharsets.UTF_8));
    }

    public static List<NewEvent> events(String... texts) {
        return Arrays.stream(texts).map(TestEvents::event).toList();
    }

    /** The event's data read back as UTF-8 text. */
    public static String text(RecordedEvent event) {
        return new String(event.data(), StandardCharsets.UTF_8);
    }
}

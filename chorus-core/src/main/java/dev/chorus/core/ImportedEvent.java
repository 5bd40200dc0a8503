package dev.chorus.core;

import java.util.Objects;

/**
 * A fact recorded elsewhere, on its way into this store: its stream and the event with the metadata it was
 * recorded with. Its {@link Metadata#EVENT_ID} is required, since it is how a duplicate is recognised.
 */
public record ImportedEvent(String streamId, NewEvent event) {
    public ImportedEvent {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(event, "event");
        String id = event.metadata().get(Metadata.EVENT_ID);
        if (id == null || id.isEmpty()) {
            throw new ValidationError("metadata", "an imported event keeps the id it was recorded with; "
                    + Metadata.EVENT_ID + " is missing");
        }
    }

    public String eventId() {
        return event.metadata().get(Metadata.EVENT_ID);
    }
}

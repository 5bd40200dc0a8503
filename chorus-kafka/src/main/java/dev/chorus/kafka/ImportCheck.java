package dev.chorus.kafka;

import dev.chorus.core.ImportedEvent;
import java.util.Optional;

/**
 * What an {@link Inbox} asks of each record of an accepted type before importing it: whether this service can read
 * it. A record it cannot read (an accepted type whose data does not decode, say) goes to the dead-letter topic
 * instead of into the store, where every reader of that type (a projection, which cannot skip it) would stop at it.
 */
@FunctionalInterface
public interface ImportCheck {
    /** Imports every record of an accepted type as it is. */
    ImportCheck NONE = event -> Optional.empty();

    /** Why {@code event} cannot be imported, or empty when it can. */
    Optional<String> problem(ImportedEvent event);
}

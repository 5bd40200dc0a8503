package dev.chorus.json;

import dev.chorus.core.RecordedEvent;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the JSON of one schema version of an event into the JSON of the next (v1 to v2, say). It may change
 * the tree in place and return it, or return a new one. The stored event is passed for what the old JSON did
 * not carry but its metadata did, such as when it was recorded. An upcaster is pure: the same tree and event
 * always give the same result, since the same old events are read again and again.
 */
@FunctionalInterface
public interface Upcaster {
    ObjectNode upcast(ObjectNode tree, RecordedEvent stored);
}

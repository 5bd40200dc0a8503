package dev.chorus.core.handler.internal;

import dev.chorus.core.state.StateWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcomes of the events a handler has been through but not committed yet: their writes, the last one per
 * key, so that later events of the batch read them, and the checkpoint that commits them.
 */
final class PendingCommit {
    private final Map<String, StateWrite> writes = new LinkedHashMap<>();
    private int events;
    private long through;

    /** An event handled or parked: its writes join the batch, and the checkpoint moves past it. */
    void add(long after, List<StateWrite> eventWrites) {
        for (StateWrite write : eventWrites) {
            String key = switch (write) {
                case StateWrite.Put put -> put.key();
                case StateWrite.Delete delete -> delete.key();
                case StateWrite.DeletePrefix prefix -> throw new IllegalArgumentException(
                        "a handler's batch holds puts and deletes, not " + prefix);
            };
            // Re-inserted, so a key keeps its last write's place.
            writes.remove(key);
            writes.put(key, write);
        }
        events++;
        through = after;
    }

    /** An event with nothing to do (one the codec does not know) behind events still pending. */
    void skip(long after) {
        through = after;
    }

    /**
     * What the batch says about {@code key}: empty when it has no write to it, else the value it puts (empty
     * for a delete).
     */
    Optional<Optional<byte[]>> lookup(String key) {
        var write = writes.get(key);
        if (write == null) {
            return Optional.empty();
        }
        return Optional.of(write instanceof StateWrite.Put put ? Optional.of(put.value().clone()) : Optional.empty());
    }

    boolean isEmpty() {
        return events == 0;
    }

    int events() {
        return events;
    }

    /** The position the batch's checkpoint commits: the next event after it. */
    long through() {
        return through;
    }

    /** The batch's writes, in a list of its own the caller may add to. */
    List<StateWrite> writes() {
        return new ArrayList<>(writes.values());
    }

    void clear() {
        writes.clear();
        events = 0;
    }
}

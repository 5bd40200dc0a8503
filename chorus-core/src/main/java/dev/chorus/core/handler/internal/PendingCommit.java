package dev.chorus.core.handler.internal;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The outcomes of the events a handler has been through but not committed yet: their writes, the last one per
 * key, so that later events of the batch read them; the appends they queued, which must be durable before the
 * batch commits; and the checkpoint that commits them.
 */
final class PendingCommit {
    private record Outcome(RecordedEvent event, List<StateWrite> writes, List<CompletableFuture<?>> queued) {}

    private final List<Outcome> outcomes = new ArrayList<>();
    private final Map<String, StateWrite> writes = new LinkedHashMap<>();
    private boolean queuing;
    private long through;
    private long bytes;

    /**
     * An event handled or parked: its writes join the batch, the appends it queued must be durable before the
     * batch commits, and the checkpoint moves past it.
     */
    void add(RecordedEvent event, List<StateWrite> eventWrites, List<CompletableFuture<?>> queued) {
        outcomes.add(new Outcome(event, eventWrites, queued));
        queuing |= !queued.isEmpty();
        merge(eventWrites);
        bytes += StateStore.commitBytes(eventWrites);
        through = Math.max(through, event.position() + 1);
    }

    private void merge(List<StateWrite> eventWrites) {
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
    }

    /** An event with nothing to do (one the codec does not know) behind events still pending. */
    void skip(long after) {
        through = Math.max(through, after);
    }

    /**
     * Waits for every append the batch's events queued. The events one of whose appends was refused leave the
     * batch, their writes with them, and are returned in order, to be handled again; the others stay as they were.
     */
    List<RecordedEvent> awaitQueued() {
        if (!queuing) {
            return List.of();
        }
        queuing = false;
        var refused = new ArrayList<RecordedEvent>();
        var kept = new ArrayList<Outcome>(outcomes.size());
        for (var outcome : outcomes) {
            if (landed(outcome.queued())) {
                kept.add(new Outcome(outcome.event(), outcome.writes(), List.of()));
            } else {
                refused.add(outcome.event());
            }
        }
        outcomes.clear();
        outcomes.addAll(kept);
        if (!refused.isEmpty()) {
            writes.clear();
            bytes = 0;
            kept.forEach(outcome -> {
                merge(outcome.writes());
                bytes += StateStore.commitBytes(outcome.writes());
            });
        }
        return refused;
    }

    private static boolean landed(List<CompletableFuture<?>> queued) {
        boolean landed = true;
        for (var durable : queued) {
            try {
                durable.join();
            } catch (CompletionException | CancellationException refused) {
                landed = false;
            }
        }
        return landed;
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
        return outcomes.isEmpty();
    }

    int events() {
        return outcomes.size();
    }

    /** The position the batch's checkpoint commits: the next event after it. */
    long through() {
        return through;
    }

    /** The batch's writes, in a list of its own the caller may add to. */
    List<StateWrite> writes() {
        return new ArrayList<>(writes.values());
    }

    /** What the events' writes weigh together, at most, as {@link StateStore#commitBytes} counts them. */
    long bytes() {
        return bytes;
    }

    void clear() {
        writes.clear();
        outcomes.clear();
        queuing = false;
        bytes = 0;
    }
}

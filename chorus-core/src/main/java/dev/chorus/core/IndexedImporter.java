package dev.chorus.core;

import dev.chorus.core.state.CheckpointAheadOfLog;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An {@link EventImporter} for a store that cannot find an event by its id (the embedded log): the ids of the
 * store's events are indexed in a {@link StateStore}, under {@code event-id/}, with a checkpoint
 * ({@code checkpoint/event-ids}) that says how far the index has read the store.
 *
 * <p>The index is derived from the store, never the other way round: an import first brings it up to the head, skips
 * the ids it holds, appends the others and then indexes them by reading them back. A crash between the append and the
 * index's commit leaves events the index has not read yet; the next import (or {@link #catchUp()}) reads them before it
 * checks anything, so a redelivered batch is still skipped.
 *
 * <p>Unlike the stores that import in one transaction, a batch is appended event by event (in one fsync when the
 * store is a {@link QueuedAppender}, each append queued after the one before): a crash or a refusal part way keeps a
 * prefix of it, which the redelivery completes in order. Bad input is found before anything is written. One import
 * runs at a time.
 */
public final class IndexedImporter implements EventImporter {
    /** The checkpoint's name: how far the index has read the store. */
    public static final String INDEX = "event-ids";
    static final String PREFIX = "event-id/";
    private static final int PAGE = 500;

    private final EventStore store;
    private final StateStore index;
    private final AppendPreparation preparation;

    /** {@code limits} are the store's own, so that a batch it would refuse is refused whole, before any append. */
    public IndexedImporter(EventStore store, StateStore index, StoreLimits limits, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.index = Objects.requireNonNull(index, "index");
        this.preparation = new AppendPreparation(limits, clock);
    }

    /**
     * Indexes the store's events up to its head. An index that has read further than the store now holds (a
     * {@code log repair} cut the store's tail) holds ids of events the store lost, which would skip them when they are
     * delivered again: it is dropped and built again from the store's first event.
     */
    public synchronized void catchUp() {
        long next;
        try {
            next = Checkpoints.loadWithinLog(index, INDEX, store);
        } catch (CheckpointAheadOfLog lost) {
            System.getLogger("dev.chorus").log(System.Logger.Level.WARNING, "the event-id index has read to position "
                    + lost.checkpoint() + ", beyond the store's head " + lost.head() + ": building it again from 0");
            commitIndex(List.of(StateWrite.deletePrefix(PREFIX), Checkpoints.save(INDEX, 0)));
            next = 0;
        }
        long head = store.headPosition();
        long budget = Math.min(index.maxCommitBytes() / 2, 16L << 20);
        while (next < head) {
            var page = store.readAll(next, PAGE);
            if (page.isEmpty()) {
                return;
            }
            var writes = new ArrayList<StateWrite>(page.size() + 1);
            long bytes = 0;
            for (RecordedEvent event : page) {
                String key = key(event.eventId());
                writes.add(StateWrite.put(key, ByteBuffer.allocate(8).putLong(event.position()).array()));
                next = event.position() + 1;
                bytes += StateStore.writeBytes(key.length(), 8);
                if (bytes >= budget) {
                    break;
                }
            }
            writes.add(Checkpoints.save(INDEX, next));
            commitIndex(writes);
        }
    }

    /**
     * A write the index store refuses is this importer's failure, never the batch's: reported as a
     * {@link ValidationError}, it would have an inbox dead-letter facts that are fine.
     */
    private void commitIndex(List<StateWrite> writes) {
        try {
            index.commit(writes);
        } catch (ValidationError refused) {
            throw new IllegalStateException("the event-id index could not be written: " + refused.getMessage(),
                    refused);
        }
    }

    @Override
    public synchronized int importEvents(List<ImportedEvent> events) {
        var prepared = preparation.prepareImport(events);
        if (prepared.isEmpty()) {
            return 0;
        }
        catchUp();
        var keys = prepared.stream().map(event -> key(event.eventId())).toList();
        var indexed = index.present(keys);
        var seen = new HashSet<String>();
        var fresh = new ArrayList<ImportedEvent>();
        for (int i = 0; i < prepared.size(); i++) {
            if (seen.add(keys.get(i)) && !indexed.contains(keys.get(i))) {
                fresh.add(prepared.get(i));
            }
        }
        if (fresh.isEmpty()) {
            return 0;
        }
        append(fresh);
        catchUp();
        return fresh.size();
    }

    /**
     * Appends in order; with a queued appender, each append after the previous one, so that a refused append takes
     * those after it along and what lands is always a prefix of the batch.
     */
    private void append(List<ImportedEvent> events) {
        if (!(store instanceof QueuedAppender queued)) {
            events.forEach(event -> store.append(event.streamId(), ExpectedVersion.any(), List.of(event.event())));
            return;
        }
        var written = new ArrayList<CompletableFuture<AppendResult>>(events.size());
        RuntimeException failure = null;
        try {
            for (ImportedEvent event : events) {
                written.add(queued.appendQueued(event.streamId(), ExpectedVersion.any(), List.of(event.event()),
                        written.isEmpty() ? Optional.empty() : Optional.of(written.getLast())));
            }
        } catch (RuntimeException refused) {
            failure = refused; // those queued before still land: wait for them, so the next catch-up sees them
        }
        for (var append : written) {
            try {
                append.join();
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The index's key for an event id: the id itself when it makes a valid key, its SHA-256 otherwise (an id too long
     * for a key, or with a surrogate a key may not hold); the two forms have prefixes of their own.
     */
    static String key(String eventId) {
        if (eventId.length() <= 256 && eventId.chars().noneMatch(c -> Character.isSurrogate((char) c))) {
            return PREFIX + "=" + eventId;
        }
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(eventId.getBytes(StandardCharsets.UTF_16BE));
            return PREFIX + "#" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

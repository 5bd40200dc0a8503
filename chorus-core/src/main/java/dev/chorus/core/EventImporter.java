package dev.chorus.core;

import java.util.List;

/**
 * Copies facts another service recorded into this store, keeping their event ids: how a service in the
 * distributed shape receives the facts it reacts to, so that its projections, handlers and sagas read them
 * from its own store exactly as in the embedded shape.
 *
 * <p>Each event goes at the end of its stream (whatever the stream's version) and into the global order; an
 * event whose id this store already holds is skipped, which is what makes a redelivery after a crash harmless.
 * The batch is durable when the call returns. It is one atomic write (PostgreSQL's, the in-memory store's), or, for
 * a store that appends it event by event ({@link IndexedImporter}), a failure part way keeps a prefix of it, which
 * importing the batch again completes in order.
 */
public interface EventImporter {
    /** Metadata key the importer adds: where the fact came from (e.g. the Kafka topic), so a relay never sends it back. */
    String IMPORTED_FROM = "imported-from";

    /** Metadata key for when the origin recorded the fact: the store stamps its own recorded-at on import. */
    String ORIGIN_RECORDED_AT = "origin-recorded-at";

    /**
     * Imports {@code events} in order, skipping those already here, and returns once the new ones are durable.
     *
     * @return how many were new
     * @throws ValidationError an event breaks a rule or a limit; nothing was written
     */
    int importEvents(List<ImportedEvent> events);
}

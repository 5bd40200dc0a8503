package dev.chorus.core;

import dev.chorus.core.internal.IsoInstants;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The checks and stamping every store applies before it writes: stream id rules, the limits, and the
 * metadata a store fills in. Shared so that every store refuses the same input the same way.
 * recorded-at is the clock's instant at millisecond precision, in ISO-8601.
 */
public final class AppendPreparation {
    private final StoreLimits limits;
    private final Clock clock;

    public AppendPreparation(StoreLimits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public StoreLimits limits() {
        return limits;
    }

    /** Validates everything and returns the events with their metadata stamped; throws before any write. */
    public List<NewEvent> prepare(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        return prepare(streamId, expected, events, true).events();
    }

    /**
     * What {@link #prepareForEncoding} returns: the events, and the recorded-at of this append.
     *
     * @param events     the events; one without metadata is left without, every other one is stamped
     * @param recordedAt the recorded-at every event of the append gets
     */
    public record Prepared(List<NewEvent> events, String recordedAt) {}

    /**
     * Validates exactly as {@link #prepare} does, but leaves an event without metadata unstamped: for a store that
     * writes its stamp straight into its record (a new {@link UuidV7} event id from this preparation's clock, which
     * is also its correlation and causation id, and {@link Prepared#recordedAt()}), instead of building a map only
     * to read it back. Events with metadata of their own are stamped as {@link #prepare} stamps them.
     */
    public Prepared prepareForEncoding(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        return prepare(streamId, expected, events, false);
    }

    private Prepared prepare(String streamId, ExpectedVersion expected, List<NewEvent> events, boolean stampEmpty) {
        StreamIds.validate(streamId, limits.maxStreamIdLength());
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(events, "events");
        if (events.isEmpty()) {
            throw new ValidationError("events", "an append needs at least one event");
        }
        if (events.size() > limits.maxEventsPerAppend()) {
            throw new LimitExceeded("events per append", limits.maxEventsPerAppend(), events.size());
        }
        int streamBytes = utf8Length(streamId);
        String recordedAt = recordedAt();
        long total = 0;
        var stamped = new ArrayList<NewEvent>(events.size());
        for (NewEvent event : events) {
            Objects.requireNonNull(event, "event");
            boolean unstamped = !stampEmpty && event.metadata().isEmpty();
            var metadata = unstamped ? event.metadata() : stamp(event.metadata(), recordedAt);
            int metadataBytes = event.metadata().isEmpty() ? STAMPED_KEY_BYTES + 3 * 36 + recordedAt.length()
                    : metadataBytes(metadata);
            if (metadataBytes > limits.maxMetadataBytes()) {
                throw new LimitExceeded("metadata bytes", limits.maxMetadataBytes(), metadataBytes);
            }
            long size = (long) event.data().length + metadataBytes + streamBytes + event.type().name().length();
            if (size > limits.maxEventBytes()) {
                throw new LimitExceeded("event bytes", limits.maxEventBytes(), size);
            }
            total += size;
            stamped.add(unstamped ? event : new NewEvent(event.type(), event.data(), metadata));
        }
        if (total > limits.maxAppendBytes()) {
            throw new LimitExceeded("append bytes", limits.maxAppendBytes(), total);
        }
        return new Prepared(stamped, recordedAt);
    }

    /**
     * Validates and stamps a batch to import, as {@link #prepare} does for an append: each event keeps its id and
     * metadata, but gets this store's recorded-at (the one it came with moves to
     * {@link EventImporter#ORIGIN_RECORDED_AT}, unless that is already set). Throws before any write.
     */
    public List<ImportedEvent> prepareImport(List<ImportedEvent> events) {
        Objects.requireNonNull(events, "events");
        if (events.size() > limits.maxEventsPerAppend()) {
            throw new LimitExceeded("events per import", limits.maxEventsPerAppend(), events.size());
        }
        var prepared = new ArrayList<ImportedEvent>(events.size());
        for (ImportedEvent imported : events) {
            Objects.requireNonNull(imported, "event");
            var metadata = new HashMap<>(imported.event().metadata());
            String recordedAt = metadata.get(Metadata.RECORDED_AT);
            if (recordedAt != null) {
                metadata.putIfAbsent(EventImporter.ORIGIN_RECORDED_AT, recordedAt);
            }
            var event = new NewEvent(imported.event().type(), imported.event().data(), metadata);
            prepared.add(new ImportedEvent(imported.streamId(),
                    prepare(imported.streamId(), ExpectedVersion.any(), List.of(event)).getFirst()));
        }
        return prepared;
    }

    private Map<String, String> stamp(Map<String, String> given, String recordedAt) {
        if (given.isEmpty()) {
            String eventId = UuidV7.next(clock).toString();
            return Map.of(Metadata.EVENT_ID, eventId, Metadata.CORRELATION_ID, eventId, Metadata.CAUSATION_ID, eventId,
                    Metadata.RECORDED_AT, recordedAt);
        }
        var metadata = new HashMap<>(given);
        String eventId = metadata.computeIfAbsent(Metadata.EVENT_ID, k -> UuidV7.next(clock).toString());
        metadata.putIfAbsent(Metadata.CORRELATION_ID, eventId);
        metadata.putIfAbsent(Metadata.CAUSATION_ID, eventId);
        metadata.put(Metadata.RECORDED_AT, recordedAt);
        return metadata;
    }

    /** recorded-at has millisecond precision; the text of the current millisecond is made once. */
    private String recordedAt() {
        long millis = clock.millis();
        var last = lastRecordedAt;
        if (last.millis() == millis) {
            return last.text();
        }
        var text = IsoInstants.formatMillis(millis);
        lastRecordedAt = new Stamp(millis, text);
        return text;
    }

    private static final int STAMPED_KEY_BYTES = Metadata.EVENT_ID.length() + Metadata.CORRELATION_ID.length()
            + Metadata.CAUSATION_ID.length() + Metadata.RECORDED_AT.length();

    private record Stamp(long millis, String text) {}

    private volatile Stamp lastRecordedAt = new Stamp(Long.MIN_VALUE, "");

    private static int metadataBytes(Map<String, String> metadata) {
        int bytes = 0;
        for (var entry : metadata.entrySet()) {
            if (entry.getKey().isEmpty()) {
                throw new ValidationError("metadata", "metadata keys must not be empty");
            }
            bytes += utf8Length(entry.getKey()) + utf8Length(entry.getValue());
        }
        return bytes;
    }

    static int utf8Length(String s) {
        int ascii = s.length();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return ascii;
    }
}

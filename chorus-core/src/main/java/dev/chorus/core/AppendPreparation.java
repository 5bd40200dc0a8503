package dev.chorus.core;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The checks and stamping every store applies before it writes: stream id rules, the limits, and the
 * metadata a store fills in. Shared so that every store refuses the same input the same way.
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
        String recordedAt = clock.instant().toString();
        long total = 0;
        var stamped = new ArrayList<NewEvent>(events.size());
        for (NewEvent event : events) {
            Objects.requireNonNull(event, "event");
            var metadata = new HashMap<>(event.metadata());
            String eventId = metadata.computeIfAbsent(Metadata.EVENT_ID, k -> UuidV7.next(clock).toString());
            metadata.putIfAbsent(Metadata.CORRELATION_ID, eventId);
            metadata.putIfAbsent(Metadata.CAUSATION_ID, eventId);
            metadata.put(Metadata.RECORDED_AT, recordedAt);
            int metadataBytes = metadataBytes(metadata);
            if (metadataBytes > limits.maxMetadataBytes()) {
                throw new LimitExceeded("metadata bytes", limits.maxMetadataBytes(), metadataBytes);
            }
            long size = (long) event.data().length + metadataBytes + streamBytes + event.type().name().length();
            if (size > limits.maxEventBytes()) {
                throw new LimitExceeded("event bytes", limits.maxEventBytes(), size);
            }
            total += size;
            stamped.add(new NewEvent(event.type(), event.data(), metadata));
        }
        if (total > limits.maxAppendBytes()) {
            throw new LimitExceeded("append bytes", limits.maxAppendBytes(), total);
        }
        return stamped;
    }

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

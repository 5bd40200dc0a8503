package dev.chorus.core.decider;

import dev.chorus.core.EventType;
import dev.chorus.core.UuidV7;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Ids for the events a command writes while handling a stored event: derived from that event's id (the cause),
 * the stream, the version the command decided on and each event's type, instead of drawn at random. Within one
 * store a stream's versions are taken once, so the ids never repeat there; two stores of one service that run the
 * same cause on the same stream at the same version write the same ids, while two services that write their own
 * types to streams of one name do not. Stamped with the cause's millisecond (a derived id has no time of its own).
 * A cause whose id is not a version 7 UUID (written elsewhere) gets none: the store draws them.
 */
record DerivedCommandIds(String cause, long causeMillis, String streamId, long decidedOn) {
    static Optional<DerivedCommandIds> of(String cause, String streamId, long decidedOn) {
        UUID uuid;
        try {
            uuid = UUID.fromString(cause);
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
        if (uuid.version() != 7 || !uuid.toString().equalsIgnoreCase(cause)) {
            return Optional.empty();
        }
        return Optional.of(new DerivedCommandIds(cause, UuidV7.millisOf(uuid), streamId, decidedOn));
    }

    /** The id of the {@code index}th event (from 0) the command writes, of type {@code type}. */
    String id(int index, EventType type) {
        return UuidV7.derived(Instant.ofEpochMilli(causeMillis), "chorus-command", cause, streamId,
                Long.toString(decidedOn), Integer.toString(index), type.name(), Integer.toString(type.version()))
                .toString();
    }
}

package dev.chorus.core.saga.internal;

import dev.chorus.core.saga.PendingTimeout;
import java.util.Optional;

/** A pending timeout as stored under its timer and due keys, and as the data of its fired fact. */
public final class TimeoutCodec {
    private TimeoutCodec() {}

    public static byte[] encode(PendingTimeout timeout) {
        return Bytes.write(out -> {
            Bytes.writeText(out, timeout.correlationId());
            Bytes.writeText(out, timeout.name());
            Bytes.writeText(out, timeout.timeoutId());
            Bytes.writeInstant(out, timeout.dueAt());
            Bytes.writeText(out, timeout.scheduledBy());
            out.writeBoolean(timeout.traceparent().isPresent());
            if (timeout.traceparent().isPresent()) {
                Bytes.writeText(out, timeout.traceparent().get());
            }
        });
    }

    public static PendingTimeout decode(byte[] bytes) {
        return Bytes.read("saga timeout", bytes, in -> new PendingTimeout(Bytes.readText(in), Bytes.readText(in),
                Bytes.readText(in), Bytes.readInstant(in), Bytes.readText(in),
                in.readBoolean() ? Optional.of(Bytes.readText(in)) : Optional.empty()));
    }
}

package dev.chorus.core.saga.internal;

/** What a {@code blocked/<correlation>} key holds: the blocking dead letter's position and the correlation id. */
public record Blocker(long position, String correlationId) {
    public byte[] encode() {
        return Bytes.write(out -> {
            out.writeLong(position);
            Bytes.writeText(out, correlationId);
        });
    }

    public static Blocker decode(byte[] bytes) {
        return Bytes.read("saga blocked instance", bytes, in -> new Blocker(in.readLong(), Bytes.readText(in)));
    }
}

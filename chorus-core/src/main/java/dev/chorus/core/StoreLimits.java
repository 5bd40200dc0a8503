package dev.chorus.core;

/**
 * The explicit limits every store enforces before it writes anything.
 *
 * @param maxEventBytes      largest encoded event: data, type name, metadata and stream id (default 1 MiB)
 * @param maxAppendBytes     largest single append, all its events together (default 16 MiB)
 * @param maxEventsPerAppend most events in one atomic append (default 10,000)
 * @param maxStreamIdLength  longest stream id, in characters (default 200)
 * @param maxMetadataBytes   largest metadata map of one event, keys and values (default 16 KiB)
 */
public record StoreLimits(int maxEventBytes, int maxAppendBytes, int maxEventsPerAppend, int maxStreamIdLength,
                          int maxMetadataBytes) {
    public static final StoreLimits DEFAULT = new StoreLimits(1 << 20, 16 << 20, 10_000, 200, 16 << 10);

    public StoreLimits {
        positive("maxEventBytes", maxEventBytes);
        positive("maxAppendBytes", maxAppendBytes);
        positive("maxEventsPerAppend", maxEventsPerAppend);
        positive("maxStreamIdLength", maxStreamIdLength);
        positive("maxMetadataBytes", maxMetadataBytes);
        if (maxAppendBytes < maxEventBytes) {
            throw new ValidationError("maxAppendBytes", "maxAppendBytes must be at least maxEventBytes");
        }
    }

    public StoreLimits withMaxEventBytes(int bytes) {
        return new StoreLimits(bytes, Math.max(bytes, maxAppendBytes), maxEventsPerAppend, maxStreamIdLength,
                maxMetadataBytes);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new ValidationError(name, name + " must be positive; got " + value);
        }
    }
}

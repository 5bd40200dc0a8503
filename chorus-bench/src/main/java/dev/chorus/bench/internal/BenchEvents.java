package dev.chorus.bench.internal;

import dev.chorus.core.EventType;
import dev.chorus.core.NewEvent;
import java.util.SplittableRandom;

/** The event every phase appends: a fixed type and a payload of the benchmark's size. */
final class BenchEvents {
    static final EventType TYPE = EventType.of("bench.Appended", 1);

    private BenchEvents() {}

    static NewEvent of(int payloadBytes) {
        var data = new byte[payloadBytes];
        new SplittableRandom(7).nextBytes(data);
        return NewEvent.of(TYPE, data);
    }
}

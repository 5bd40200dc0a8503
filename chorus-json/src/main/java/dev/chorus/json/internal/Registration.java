package dev.chorus.json.internal;

import dev.chorus.core.EventType;
import dev.chorus.json.Upcaster;
import java.util.List;
import java.util.Objects;

/**
 * One record's place in the registry: the type it is written as today, and the upcasters that lift every
 * older version from {@code oldestReadable} up to it ({@code steps.get(i)} goes from
 * {@code oldestReadable + i} to the next version).
 */
public record Registration<E>(Class<? extends E> type, EventType current, int oldestReadable, List<Upcaster> steps) {
    public Registration {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(current, "current");
        steps = List.copyOf(steps);
        if (oldestReadable + steps.size() != current.version()) {
            throw new IllegalArgumentException("steps from v" + oldestReadable + " do not reach " + current);
        }
    }

    public Upcaster stepFrom(int version) {
        return steps.get(version - oldestReadable);
    }
}

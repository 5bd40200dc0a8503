package dev.chorus.json;

import dev.chorus.core.ValidationError;

/**
 * An event to encode is of a class the codec has no name for; nothing was encoded. Register the record with
 * the codec's builder. (A sealed event interface cannot get here: the builder refuses to build while one of
 * its records is unregistered.)
 */
public final class UnregisteredEventClass extends ValidationError {
    private final Class<?> eventClass;

    public UnregisteredEventClass(Class<?> eventClass) {
        super("event", "no type name is registered for " + eventClass.getName()
                + "; register it: builder.register(" + eventClass.getSimpleName() + ".class, \"Name\", 1)");
        this.eventClass = eventClass;
    }

    public Class<?> eventClass() {
        return eventClass;
    }
}

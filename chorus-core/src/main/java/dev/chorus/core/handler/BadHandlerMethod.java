package dev.chorus.core.handler;

import dev.chorus.core.ChorusException;

/**
 * An object registered for its {@link HandlesEvent} methods has a method that cannot be one, or none at
 * all. Raised at registration, before any event is handled; the message says how to fix the method.
 */
public final class BadHandlerMethod extends ChorusException {
    private final Class<?> type;
    private final String method;

    public BadHandlerMethod(Class<?> type, String method, String problem) {
        super(type.getName() + (method.isEmpty() ? "" : "." + method) + ": " + problem);
        this.type = type;
        this.method = method;
    }

    public Class<?> type() {
        return type;
    }

    /** The method's name, or empty when the problem is with the class as a whole. */
    public String method() {
        return method;
    }
}

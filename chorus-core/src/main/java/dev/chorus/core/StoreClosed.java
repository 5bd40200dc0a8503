package dev.chorus.core;

/** The store was closed, or failed and closed itself; open it again. */
public final class StoreClosed extends ChorusException {
    public StoreClosed(String message) {
        super(message);
    }

    public StoreClosed(String message, Throwable cause) {
        super(message, cause);
    }
}

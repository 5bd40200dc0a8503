package dev.chorus.core;

/**
 * The root of Chorus's typed errors. Unchecked; each subtype carries structured fields and says what
 * to do. Whether retrying can help is a type distinction: see {@link RetriableException}.
 */
public abstract class ChorusException extends RuntimeException {
    protected ChorusException(String message) {
        super(message);
    }

    protected ChorusException(String message, Throwable cause) {
        super(message, cause);
    }
}

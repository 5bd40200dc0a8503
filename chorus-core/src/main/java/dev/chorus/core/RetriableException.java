package dev.chorus.core;

/** An error that the same request may not meet again: reload, decide again and retry. */
public abstract class RetriableException extends ChorusException {
    protected RetriableException(String message) {
        super(message);
    }
}

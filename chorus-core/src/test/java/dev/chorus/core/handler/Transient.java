package dev.chorus.core.handler;

import dev.chorus.core.RetriableException;

/** A retriable failure, as a version conflict or a timeout would be. */
final class Transient extends RetriableException {
    Transient(String message) {
        super(message);
    }
}

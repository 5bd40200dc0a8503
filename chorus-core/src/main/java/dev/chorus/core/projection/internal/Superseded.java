package dev.chorus.core.projection.internal;

/**
 * Thrown into a subscription thread whose projection was stopped or rebuilt meanwhile: its batch must not be
 * committed over whatever the new owner of the read model did. Ends that thread quietly.
 */
public final class Superseded extends RuntimeException {
    public Superseded() {
        super("superseded by a later start, stop or rebuild", null, false, false);
    }
}

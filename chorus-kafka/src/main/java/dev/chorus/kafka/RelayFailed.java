package dev.chorus.kafka;

import dev.chorus.core.ChorusException;

/**
 * A {@link Relay} stopped: the broker did not acknowledge a send in time, or the producer or the store failed.
 * Nothing is lost: started again, the relay resumes from {@code checkpoint}, the position after the last event
 * the broker acknowledged (events after it may be sent twice; consumers skip them by event id).
 */
public final class RelayFailed extends ChorusException {
    private final String topic;
    private final long checkpoint;

    public RelayFailed(String topic, long checkpoint, Throwable cause) {
        super("the relay to " + topic + " stopped at checkpoint " + checkpoint + ": " + cause, cause);
        this.topic = topic;
        this.checkpoint = checkpoint;
    }

    public String topic() {
        return topic;
    }

    public long checkpoint() {
        return checkpoint;
    }
}

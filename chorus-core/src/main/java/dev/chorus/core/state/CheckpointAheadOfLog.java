package dev.chorus.core.state;

import dev.chorus.core.ChorusException;

/**
 * A subscriber's checkpoint is beyond the log's head, and its state refers to positions the log no longer holds
 * (a repair that cut the log's tail, or a state store of another log): it refuses to start rather than act on
 * the events that will take those positions.
 */
public final class CheckpointAheadOfLog extends ChorusException {
    private final String subscriber;
    private final long checkpoint;
    private final long head;

    public CheckpointAheadOfLog(String subscriber, long checkpoint, long head) {
        super(subscriber + " has its checkpoint at " + checkpoint + ", beyond the log's head " + head + ", and its"
                + " state refers to positions the log no longer holds (a repair cut the log, or the state store is"
                + " another log's): restore the log, or remove this subscriber's state to start it afresh");
        this.subscriber = subscriber;
        this.checkpoint = checkpoint;
        this.head = head;
    }

    public String subscriber() {
        return subscriber;
    }

    public long checkpoint() {
        return checkpoint;
    }

    public long head() {
        return head;
    }
}

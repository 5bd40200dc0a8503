package dev.chorus.kafka;

import dev.chorus.core.ChorusException;

/**
 * A Kafka record that is not a Chorus CloudEvent (a required attribute is missing or wrong): where it is
 * ({@code topic}, {@code partition}, {@code offset}) and what is wrong with it. An inbox sends such a record to
 * its dead-letter topic and goes on.
 */
public final class MalformedRecord extends ChorusException {
    private final String topic;
    private final int partition;
    private final long offset;
    private final String problem;

    public MalformedRecord(String topic, int partition, long offset, String problem) {
        super("record " + topic + "/" + partition + "@" + offset + " is not a Chorus CloudEvent: " + problem);
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.problem = problem;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public String problem() {
        return problem;
    }
}

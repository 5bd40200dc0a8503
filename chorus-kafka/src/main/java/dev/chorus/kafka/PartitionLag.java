package dev.chorus.kafka;

/** How far a consumer group is behind on one partition: the end offset minus the committed offset. */
public record PartitionLag(String topic, int partition, long endOffset, long committedOffset) {
    public long lag() {
        return Math.max(0, endOffset - committedOffset);
    }
}

package dev.chorus.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What a consumer does with a poll's records once it has handled them, or failed to. */
final class Polled {
    private Polled() {}

    /** The offsets to commit once every record is handled: the one after each partition's last. */
    static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        var offsets = new HashMap<TopicPartition, OffsetAndMetadata>();
        for (TopicPartition partition : records.partitions()) {
            var list = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(list.getLast().offset() + 1));
        }
        return offsets;
    }

    /** Moves back to each partition's first record, so that the next poll delivers them again. */
    static void seekBack(Consumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records) {
        var assigned = consumer.assignment();
        for (TopicPartition partition : records.partitions()) {
            if (assigned.contains(partition)) {
                consumer.seek(partition, records.records(partition).getFirst().offset());
            }
        }
    }
}

package dev.chorus.kafka;

import dev.chorus.testkit.kafka.KafkaFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic from the beginning with a plain consumer, outside any group: what Kafka tooling would see. */
final class TopicReader {
    private TopicReader() {}

    /** Every record of {@code topic}, waiting until there are at least {@code atLeast}, then reading what is left. */
    static List<ConsumerRecord<byte[], byte[]>> read(String bootstrapServers, String topic, int atLeast) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (var consumer = new KafkaConsumer<byte[], byte[]>(props)) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var records = new ArrayList<ConsumerRecord<byte[], byte[]>>();
            long deadline = System.nanoTime() + Await.DEADLINE.toNanos();
            while (true) {
                var page = consumer.poll(Duration.ofMillis(200));
                page.forEach(records::add);
                if (records.size() >= atLeast && page.isEmpty()) {
                    return records;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("topic " + topic + " holds " + records.size() + " records; waited for "
                            + atLeast);
                }
            }
        }
    }

    static List<ConsumerRecord<byte[], byte[]>> read(String topic, int atLeast) {
        return read(KafkaFixture.bootstrapServers(), topic, atLeast);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static String key(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }
}

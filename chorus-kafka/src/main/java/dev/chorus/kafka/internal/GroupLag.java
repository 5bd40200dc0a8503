package dev.chorus.kafka.internal;

import dev.chorus.kafka.PartitionLag;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/** A consumer group's lag per partition, from the broker: what every member of the group has left, together. */
public final class GroupLag {
    private GroupLag() {}

    public static List<PartitionLag> of(TopicAdmin topics, String group, Collection<String> topicNames) {
        var existing = new ArrayList<>(topicNames);
        existing.removeAll(topics.missing(topicNames));
        if (existing.isEmpty()) {
            return List.of();
        }
        var admin = topics.admin();
        var descriptions = topics.await(admin.describeTopics(existing).allTopicNames(), "describing topics");
        var partitions = new ArrayList<TopicPartition>();
        descriptions.forEach((name, description) -> {
            for (TopicPartitionInfo info : description.partitions()) {
                partitions.add(new TopicPartition(name, info.partition()));
            }
        });
        Map<TopicPartition, OffsetAndMetadata> committed = topics.await(
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "reading group offsets");
        var ends = offsets(topics, partitions, OffsetSpec.latest());
        var uncommitted = partitions.stream().filter(tp -> committed.get(tp) == null).toList();
        var starts = uncommitted.isEmpty() ? Map.<TopicPartition, ListOffsetsResultInfo>of()
                : offsets(topics, uncommitted, OffsetSpec.earliest());
        var lag = new ArrayList<PartitionLag>(partitions.size());
        for (TopicPartition tp : partitions) {
            var at = committed.get(tp);
            long from = at != null ? at.offset() : starts.get(tp).offset();
            lag.add(new PartitionLag(tp.topic(), tp.partition(), ends.get(tp).offset(), from));
        }
        lag.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
        return lag;
    }

    private static Map<TopicPartition, ListOffsetsResultInfo> offsets(TopicAdmin topics,
                                                                      List<TopicPartition> partitions,
                                                                      OffsetSpec spec) {
        var request = new HashMap<TopicPartition, OffsetSpec>();
        partitions.forEach(tp -> request.put(tp, spec));
        return topics.await(topics.admin().listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all(), "listing offsets");
    }
}

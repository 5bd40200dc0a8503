package dev.chorus.kafka;

import static dev.chorus.kafka.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventImporter;
import dev.chorus.core.EventType;
import dev.chorus.core.ImportedEvent;
import dev.chorus.core.Metadata;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.testkit.kafka.KafkaFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InboxTest {
    private final String topic = KafkaFixture.uniqueTopic("chorus.orders");
    private final String group = KafkaFixture.uniqueGroup("chorus.payments.inbox");
    private final KafkaSettings settings = KafkaSettings.of(KafkaFixture.bootstrapServers());
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InboxConfig config = InboxConfig.of("payments", List.of(topic)).withGroup(group)
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
            .withTopicCheckInterval(Duration.ofMillis(200));
    private final List<Inbox> inboxes = new ArrayList<>();
    private final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings.producer("test-orders"));
    private long position;

    @AfterEach
    void close() {
        inboxes.forEach(Inbox::close);
        producer.close(Duration.ofSeconds(5));
        store.close();
    }

    private Inbox start(EventImporter importer, InboxConfig inboxConfig) {
        var inbox = Inbox.start(settings, importer, inboxConfig);
        inboxes.add(inbox);
        return inbox;
    }

    /** What the orders service's relay would send: {@code count} events over {@code streams} streams. */
    private List<String> publish(int count, int streams) {
        var ids = new ArrayList<String>();
        var sent = new ArrayList<Future<RecordMetadata>>();
        for (int i = 0; i < count; i++) {
            String id = "order-event-" + position;
            var event = new RecordedEvent(position, "order-" + (i % streams), i / streams,
                    EventType.of("OrderPlaced", 1),
                    ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8),
                    Map.of(Metadata.EVENT_ID, id, Metadata.RECORDED_AT, "2026-05-01T10:00:00Z"));
            sent.add(producer.send(CloudEventsWire.encode(event, topic, "/chorus/orders")));
            ids.add(id);
            position++;
        }
        producer.flush();
        for (var future : sent) {
            try {
                future.get();
            } catch (InterruptedException | ExecutionException e) {
                throw new AssertionError("the test could not publish to " + topic, e);
            }
        }
        return ids;
    }

    private List<String> storedIds() {
        return store.readAll(0, 10_000).stream().map(RecordedEvent::eventId).toList();
    }

    private void awaitStored(int count, Inbox... running) {
        Await.until(count + " events in the store", () -> store.headPosition() >= count,
                () -> "store holds " + store.headPosition() + "; " + List.of(running));
    }

    @Test
    void imports_every_event_once_marked_as_imported_and_commits_its_offsets() {
        KafkaFixture.createTopic(topic, 3);
        var ids = publish(30, 6);

        var inbox = start(store, config);
        awaitStored(30, inbox);

        assertThat(storedIds()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(store.readAll(0, 1).getFirst().metadata()).containsEntry(EventImporter.IMPORTED_FROM, topic)
                .containsEntry(EventImporter.ORIGIN_RECORDED_AT, "2026-05-01T10:00:00Z");
        Await.until("no lag", () -> inbox.lag().stream().allMatch(lag -> lag.lag() == 0), () -> inbox.lag().toString());
        assertThat(inbox.lag()).hasSize(3).allSatisfy(lag -> assertThat(lag.topic()).isEqualTo(topic));
        assertThat(inbox.imported()).isEqualTo(30);
        assertThat(inbox.status()).isEqualTo(BridgeStatus.RUNNING);
    }

    @Test
    void an_inbox_closed_right_after_importing_has_committed_every_offset_it_imported() throws Exception {
        KafkaFixture.createTopic(topic, 3);
        publish(30, 6);
        var inbox = start(store, config);
        awaitStored(30, inbox);

        inbox.close();

        try (var admin = Admin.create(KafkaFixture.adminProperties())) {
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            long total = committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
            assertThat(total).as("offsets committed by the time close returned").isEqualTo(30);
        }
        assertThat(inbox.status()).isEqualTo(BridgeStatus.STOPPED);
    }

    @Test
    void an_inbox_that_dies_after_importing_and_before_committing_leaves_nothing_twice() {
        KafkaFixture.createTopic(topic, 2);
        var ids = publish(20, 4);
        var dying = new AtomicInteger();
        EventImporter diesAfterImporting = events -> {
            store.importEvents(events);
            dying.incrementAndGet();
            throw new ProcessDied();
        };

        var first = start(diesAfterImporting, config);
        Await.until("the first inbox to die", () -> first.completion().isDone());
        assertThat(first.completion()).isCompletedExceptionally();
        assertThat(first.status()).isInstanceOf(BridgeStatus.Failed.class);
        long importedBeforeDeath = store.headPosition();
        assertThat(importedBeforeDeath).isPositive();

        var second = start(store, config);
        awaitStored(20, second);
        Await.until("the second inbox to go past the re-read batch",
                () -> second.imported() + second.skipped() >= 20, second::toString);

        assertThat(storedIds()).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();
        assertThat(second.skipped()).as("what the first imported is read again and skipped")
                .isEqualTo(importedBeforeDeath);
        assertThat(second.imported()).isEqualTo(20 - importedBeforeDeath);
    }

    @Test
    void two_inboxes_in_one_group_share_the_partitions_and_import_everything_once() throws Exception {
        KafkaFixture.createTopic(topic, 4);
        var one = start(store, config);
        var two = start(store, config);
        awaitMembersWithPartitions(2);

        var ids = publish(200, 40);
        awaitStored(200, one, two);
        Await.until("both inboxes done", () -> one.imported() + two.imported() == 200,
                () -> one.imported() + " + " + two.imported());

        assertThat(storedIds()).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();
        assertThat(one.imported()).isPositive();
        assertThat(two.imported()).isPositive();
    }

    @Test
    void a_malformed_record_goes_to_the_dead_letter_topic_and_the_inbox_goes_on() throws Exception {
        KafkaFixture.createTopic(topic, 1);
        publish(1, 1);
        var headers = new RecordHeaders().add("ce_specversion", bytes("1.0")).add("ce_source", bytes("/x"))
                .add("ce_type", bytes("OrderPlaced")).add("trace", bytes("kept"));
        producer.send(new ProducerRecord<>(topic, null, bytes("order-x"), bytes("{}"), headers)).get();
        publish(1, 1);

        var inbox = start(store, config);
        awaitStored(2, inbox);

        var dead = TopicReader.read(group + ".dlq", 1);
        assertThat(dead).hasSize(1);
        var letter = dead.getFirst();
        assertThat(header(letter, DeadLetterHeaders.REASON)).contains("ce_id is missing");
        assertThat(header(letter, DeadLetterHeaders.TOPIC)).isEqualTo(topic);
        assertThat(header(letter, DeadLetterHeaders.PARTITION)).isEqualTo("0");
        assertThat(header(letter, DeadLetterHeaders.OFFSET)).isEqualTo("1");
        assertThat(header(letter, DeadLetterHeaders.GROUP)).isEqualTo(group);
        assertThat(header(letter, "trace")).isEqualTo("kept");
        assertThat(letter.value()).isEqualTo(bytes("{}"));
        assertThat(inbox.deadLettered()).isEqualTo(1);
        Await.until("no lag", () -> inbox.lag().getFirst().lag() == 0);
    }

    @Test
    void a_record_its_check_refuses_goes_to_the_dead_letter_topic_with_the_reason_and_is_not_imported()
            throws Exception {
        KafkaFixture.createTopic(topic, 1);
        var published = publish(3, 1); // data {"i":0}, {"i":1}, {"i":2}
        ImportCheck oddOnesUnreadable = event -> new String(event.event().data(), StandardCharsets.UTF_8)
                .contains(":1") ? Optional.of("data does not decode as OrderPlaced") : Optional.empty();

        var inbox = start(store, config.withCheck(oddOnesUnreadable));
        Await.until("all records read", () -> inbox.imported() + inbox.deadLettered() == 3, inbox::toString);

        assertThat(storedIds()).containsExactly(published.get(0), published.get(2));
        var dead = TopicReader.read(group + ".dlq", 1);
        assertThat(dead).hasSize(1);
        assertThat(header(dead.getFirst(), DeadLetterHeaders.REASON)).contains("does not decode as OrderPlaced");
        assertThat(header(dead.getFirst(), DeadLetterHeaders.OFFSET)).isEqualTo("1");
    }

    @Test
    void a_record_of_a_type_it_does_not_accept_is_skipped_unread_even_when_it_is_malformed() throws Exception {
        KafkaFixture.createTopic(topic, 1);
        var headers = new RecordHeaders().add("ce_type", bytes("OrderPlaced"));
        producer.send(new ProducerRecord<>(topic, null, bytes("order-x"), bytes("{}"), headers)).get();
        var noted = new RecordedEvent(0, "order-1", 0, EventType.of("OrderNoted", 1), bytes("{}"),
                Map.of(Metadata.EVENT_ID, "noted-1"));
        producer.send(CloudEventsWire.encode(noted, topic, "/chorus/orders")).get();

        var inbox = start(store, config.withAcceptedTypes(Set.of("OrderNoted")));
        Await.until("all records read", () -> inbox.imported() + inbox.skipped() == 2, inbox::toString);

        assertThat(storedIds()).containsExactly("noted-1");
        assertThat(inbox.deadLettered()).isZero();
    }

    @Test
    void offsets_wait_for_the_commit_interval_while_running_and_are_all_committed_at_close() throws Exception {
        KafkaFixture.createTopic(topic, 3);
        publish(30, 6);
        var inbox = start(store, config.withCommitInterval(Duration.ofHours(1)));
        awaitStored(30, inbox);
        publish(30, 6);
        awaitStored(60, inbox);

        assertThat(committedOffsets()).as("committed while running").isZero();
        inbox.close();
        assertThat(committedOffsets()).as("committed once closed").isEqualTo(60);
    }

    private long committedOffsets() throws Exception {
        try (var admin = Admin.create(KafkaFixture.adminProperties())) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    @Test
    void a_failing_import_is_retried_with_backoff_and_nothing_is_skipped() {
        KafkaFixture.createTopic(topic, 1);
        var ids = publish(10, 2);
        var failures = new AtomicInteger(3);
        var sawRetrying = new AtomicInteger();
        EventImporter storeDownAWhile = events -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("store down");
            }
            return store.importEvents(events);
        };

        var inbox = start(storeDownAWhile, config);
        Await.until("the inbox to retry", () -> {
            if (inbox.status() instanceof BridgeStatus.Retrying retrying) {
                sawRetrying.set(retrying.attempts());
                assertThat(retrying.lastFailure()).contains("store down");
            }
            return sawRetrying.get() > 0;
        });
        awaitStored(10, inbox);

        assertThat(storedIds()).containsExactlyInAnyOrderElementsOf(ids);
        Await.until("running again", () -> inbox.status() == BridgeStatus.RUNNING, inbox::toString);
    }

    @Test
    void imports_only_the_types_it_accepts() {
        KafkaFixture.createTopic(topic, 1);
        publish(3, 1);
        var other = new RecordedEvent(99, "order-1", 9, EventType.of("OrderNoted", 1), bytes("{}"),
                Map.of(Metadata.EVENT_ID, "noted-1"));
        producer.send(CloudEventsWire.encode(other, topic, "/chorus/orders"));
        producer.flush();

        var inbox = start(store, config.withAcceptedTypes(Set.of("OrderNoted")));
        Await.until("all records read", () -> inbox.imported() + inbox.skipped() == 4, inbox::toString);

        assertThat(storedIds()).containsExactly("noted-1");
    }

    @Test
    void waits_for_a_topic_its_service_has_not_created_yet() {
        var inbox = start(store, config);
        Await.until("waiting for the topic", () -> inbox.status() instanceof BridgeStatus.WaitingForTopics);
        assertThat(((BridgeStatus.WaitingForTopics) inbox.status()).missing()).containsExactly(topic);

        KafkaFixture.createTopic(topic, 2);
        var ids = publish(5, 5);
        awaitStored(5, inbox);

        assertThat(storedIds()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(inbox.status()).isEqualTo(BridgeStatus.RUNNING);
    }

    private void awaitMembersWithPartitions(int members) throws InterruptedException, ExecutionException {
        try (var admin = Admin.create(KafkaFixture.adminProperties())) {
            long deadline = System.nanoTime() + Await.DEADLINE.toNanos();
            while (true) {
                var description = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS)
                        .get(group);
                long withPartitions = description.members().stream()
                        .filter(member -> !member.assignment().topicPartitions().isEmpty()).count();
                if (withPartitions == members) {
                    return;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("group " + group + " has " + description.members());
                }
                Thread.sleep(50);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** What a SIGKILL looks like from inside: an error nothing catches, after the import and before the commit. */
    private static final class ProcessDied extends Error {
        ProcessDied() {
            super("the process died");
        }
    }
}

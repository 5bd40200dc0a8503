package dev.chorus.kafka;

import static dev.chorus.kafka.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.handler.Failure;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.testkit.kafka.KafkaFixture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterPublisherTest {
    private static final Instant AT = Instant.parse("2026-05-01T10:00:00Z");

    @Test
    void mirrors_each_change_of_a_dead_letter_to_the_handlers_topic_while_the_state_store_stays_the_truth() {
        String service = KafkaFixture.uniqueTopic("shop");
        try (var store = new InMemoryEventStore(); var state = new InMemoryStateStore()) {
            store.append("order-1", ExpectedVersion.noStream(), List.of(NewEvent.of(EventType.of("OrderPlaced", 1),
                    "{\"total\":5}".getBytes(StandardCharsets.UTF_8))));
            var event = store.readAll(0, 1).getFirst();
            var deadLetters = new DeadLetters(state, Clock.systemUTC());
            var letter = DeadLetter.of("mailer", event, new Failure("java.io.IOException", "smtp down", ""), 3, AT,
                    AT.plusSeconds(2), false);
            deadLetters.store().put(letter);

            try (var publisher = DeadLetterPublisher.start(KafkaSettings.of(KafkaFixture.bootstrapServers()), service,
                    state, store, Duration.ofHours(1))) {
                String topic = publisher.topicOf("mailer");
                assertThat(topic).isEqualTo("chorus." + service + ".mailer.dlq");
                publisher.publishNow();
                var open = TopicReader.read(topic, 1);
                assertThat(open).hasSize(1);
                var record = open.getFirst();
                assertThat(TopicReader.key(record)).isEqualTo("mailer@0");
                assertThat(header(record, DeadLetterPublisher.STATUS)).isEqualTo("open");
                assertThat(header(record, DeadLetterPublisher.ATTEMPTS)).isEqualTo("3");
                assertThat(header(record, DeadLetterPublisher.FAILURE_MESSAGE)).isEqualTo("smtp down");
                assertThat(header(record, "ce_id")).isEqualTo(event.eventId());
                assertThat(record.value()).isEqualTo(event.data());
                assertThat(publisher.publishNow()).as("nothing changed").isZero();

                deadLetters.discard(letter.id());
                publisher.publishNow();

                var both = TopicReader.read(topic, 2);
                assertThat(both).extracting(r -> header(r, DeadLetterPublisher.STATUS))
                        .containsExactly("open", "discarded");
                assertThat(publisher.publishNow()).isZero();
                assertThat(deadLetters.show(letter.id()).status().label()).isEqualTo("discarded");
            }
        }
    }
}

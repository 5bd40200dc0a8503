package dev.chorus.kafka;

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
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A retry or discard asked for elsewhere is carried out by the service whose dead letter it is, and by no other. */
class DeadLetterRequestsTest {
    private final KafkaSettings kafka = KafkaSettings.of(KafkaFixture.bootstrapServers());

    @Test
    void the_service_named_performs_what_is_asked_of_its_dead_letters_and_drops_what_it_cannot() {
        String billing = KafkaFixture.uniqueTopic("billing");
        try (var events = new InMemoryEventStore(); var state = new InMemoryStateStore();
             var otherState = new InMemoryStateStore()) {
            // given a service with two open dead letters of a handler that does not run, and another service with one
            events.append("invoice-1", ExpectedVersion.noStream(), List.of(
                    NewEvent.of(EventType.of("InvoiceRequested", 1), "{}".getBytes(StandardCharsets.UTF_8)),
                    NewEvent.of(EventType.of("InvoiceRequested", 1), "{}".getBytes(StandardCharsets.UTF_8))));
            var deadLetters = new DeadLetters(state, Clock.systemUTC());
            var other = new DeadLetters(otherState, Clock.systemUTC());
            var failure = new Failure("java.io.IOException", "smtp down", "");
            var first = DeadLetter.of("mailer", events.readAll(0, 2).getFirst(), failure, 1, Instant.EPOCH,
                    Instant.EPOCH, false);
            var second = DeadLetter.of("mailer", events.readAll(0, 2).getLast(), failure, 1, Instant.EPOCH,
                    Instant.EPOCH, false);
            deadLetters.store().put(first);
            deadLetters.store().put(second);
            other.store().put(first);
            var heard = new CopyOnWriteArrayList<String>();

            try (var asker = DeadLetterRequests.asker(kafka, billing + "-api");
                 var performer = DeadLetterRequests.perform(kafka, billing + "-requests", billing, deadLetters,
                         heard::add);
                 var otherPerformer = DeadLetterRequests.perform(kafka, billing + "-other-requests", billing + "-other",
                         other, heard::add)) {
                // when a retry of one and a discard of the other are asked of it, and a retry of one it no longer has
                asker.ask(billing, first.id(), first.eventId(), DeadLetterRequests.Action.RETRY);
                asker.ask(billing, second.id(), second.eventId(), DeadLetterRequests.Action.DISCARD);
                asker.ask(billing, second.id(), second.eventId(), DeadLetterRequests.Action.RETRY);
                // and one naming the right id but another event (the id taken again in a store made since)
                asker.ask(billing, first.id(), "some-other-event", DeadLetterRequests.Action.DISCARD);

                // then it records the retry for its handler's next start and discards the other, in the order asked
                Await.until("the four requests to be heard", () -> heard.size() >= 4, heard::toString);
                assertThat(deadLetters.show(first.id()).status().label()).as("not discarded by the request about"
                        + " another event").isEqualTo("retry-requested");
                assertThat(heard).anyMatch(line -> line.contains("some-other-event") && line.contains("dropped"));
                assertThat(deadLetters.show(second.id()).status().label()).isEqualTo("discarded");
                assertThat(heard).anyMatch(line -> line.contains("dropped") && line.contains(second.id().toString()));
                // and the other service, whose copy of the same id was not asked about, is left as it was
                assertThat(other.show(first.id()).status().label()).isEqualTo("open");
            }
        }
    }
}

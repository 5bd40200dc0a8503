package dev.chorus.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetterQuery;
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
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Other services' dead letters, read from their dead-letter topics into one place, as their stores change them. */
class DeadLetterBoardTest {
    private static final Instant AT = Instant.parse("2026-05-01T10:00:00Z");
    private final KafkaSettings kafka = KafkaSettings.of(KafkaFixture.bootstrapServers());

    @Test
    void a_record_that_is_no_dead_letter_of_a_handler_is_passed_over_and_one_of_the_first_version_still_reads() {
        var inboxLetter = record("chorus.payments.inbox.dlq", "order-1", "ce_id", "e-1", "ce_type", "OrderPlaced");
        var nullHeader = record("chorus.payments.mailer.dlq", "mailer@3", DeadLetterPublisher.HANDLER, "mailer");
        nullHeader.headers().add("ce_subject", null);
        var firstVersion = record("chorus.payments.billing.ledger.dlq", "billing.ledger@3",
                DeadLetterPublisher.HANDLER, "billing.ledger", DeadLetterPublisher.STATUS, "resolved",
                DeadLetterPublisher.ATTEMPTS, "2", DeadLetterPublisher.FAILURE_CLASS, "java.io.IOException",
                DeadLetterPublisher.FIRST_FAILED_AT, "2026-05-01T10:00:00Z",
                DeadLetterPublisher.LAST_FAILED_AT, "2026-05-01T10:00:05Z", DeadLetterPublisher.PARKS_STREAM, "false",
                "ce_id", "e-3", "ce_type", "InvoiceRequested", "ce_chorustypeversion", "2");

        assertThat(DeadLetterBoard.parse(inboxLetter)).isEmpty();
        assertThat(DeadLetterBoard.parse(nullHeader)).isEmpty();
        var copy = DeadLetterBoard.parse(firstVersion).orElseThrow();
        assertThat(copy.service()).isEqualTo("payments");
        assertThat(copy.letter().id().toString()).isEqualTo("billing.ledger@3");
        assertThat(copy.letter().eventType()).isEqualTo(EventType.of("InvoiceRequested", 2));
        assertThat(copy.letter().eventId()).isEqualTo("e-3");
        assertThat(copy.letter().status().label()).isEqualTo("resolved");
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, String key, String... headers) {
        var record = new ConsumerRecord<>(topic, 0, 0L, key.getBytes(StandardCharsets.UTF_8), new byte[0]);
        for (int i = 0; i < headers.length; i += 2) {
            record.headers().add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    @Test
    void a_services_dead_letters_are_copied_as_they_are_and_follow_its_changes_while_the_boards_own_are_left_out() {
        String prefix = KafkaFixture.uniqueTopic("board");
        String billing = prefix + "-billing";
        String own = prefix + "-api";
        try (var events = new InMemoryEventStore(); var billingState = new InMemoryStateStore();
             var ownState = new InMemoryStateStore(); var board = new InMemoryStateStore()) {
            // given a service with two dead letters, one parking its stream, and the board's own service with one
            events.append("invoice-1", ExpectedVersion.noStream(), List.of(
                    NewEvent.of(EventType.of("InvoiceRequested", 2), "{}".getBytes(StandardCharsets.UTF_8)),
                    NewEvent.of(EventType.of("InvoiceRequested", 2), "{}".getBytes(StandardCharsets.UTF_8))));
            var first = events.readAll(0, 2).getFirst();
            var second = events.readAll(0, 2).getLast();
            var deadLetters = new DeadLetters(billingState, Clock.systemUTC());
            var mailer = DeadLetter.of("mailer", first, new Failure("java.io.IOException", "smtp down", "at x"), 3, AT,
                    AT.plusSeconds(2), false);
            var ledger = DeadLetter.of("billing.ledger", second, new Failure("java.lang.IllegalStateException",
                    "no account", "at y"), 5, AT, AT.plusSeconds(9), true);
            deadLetters.store().put(mailer);
            deadLetters.store().put(ledger);
            new DeadLetters(ownState, Clock.systemUTC()).store().put(DeadLetter.of("gateway", first,
                    new Failure("java.lang.RuntimeException", "own", ""), 1, AT, AT, false));

            try (var billingMirror = DeadLetterPublisher.start(kafka, billing, billingState, events, Duration.ofHours(1));
                 var ownMirror = DeadLetterPublisher.start(kafka, own, ownState, events, Duration.ofHours(1));
                 var reader = DeadLetterBoard.start(kafka, prefix + "-board", Pattern.compile(
                         "chorus\\." + Pattern.quote(prefix) + "-[a-z]+\\..+\\.dlq"), own, board, line -> { })) {
                // when both mirrors publish
                billingMirror.publishNow();
                ownMirror.publishNow();

                // then the board holds the service's dead letters as its store does, and not its own service's
                Await.until("the board to copy two dead letters", () -> DeadLetterBoard.of(board).containsKey(billing)
                        && DeadLetterBoard.of(board).get(billing).list(DeadLetterQuery.pending()).size() == 2);
                var copies = DeadLetterBoard.of(board).get(billing);
                var copy = copies.require(ledger.id());
                assertThat(copy).usingRecursiveComparison().ignoringFields("failure.stackSummary").isEqualTo(ledger);
                assertThat(copies.require(mailer.id()).failure().message()).isEqualTo("smtp down");

                // and when the service discards one, the board follows
                deadLetters.discard(mailer.id());
                billingMirror.publishNow();
                Await.until("the board to see the discard", () -> copies.require(mailer.id()).status().label()
                        .equals("discarded"));
                assertThat(copies.list(DeadLetterQuery.pending())).extracting(DeadLetter::id)
                        .containsExactly(ledger.id());
                assertThat(copies.require(mailer.id()).status()).isEqualTo(deadLetters.show(mailer.id()).status());
                assertThat(DeadLetterBoard.of(board)).containsOnlyKeys(billing);
            }
        }
    }
}

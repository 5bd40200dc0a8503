package dev.chorus.distributed.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterStatus;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.handler.Failure;
import dev.chorus.core.handler.HandlerConfig;
import dev.chorus.core.handler.HandlerRegistration;
import dev.chorus.core.handler.Handlers;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.json.JsonEventCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Retries requested from another process, performed by the handlers that run here and by no one else. */
class RequestedRetriesTest {
    private static final Instant FAILED = Instant.parse("2026-05-01T10:00:00Z");

    record Ping(String text) {}

    private static final JsonEventCodec<Ping> CODEC = JsonEventCodec.builder(Ping.class)
            .register(Ping.class, "test.Ping", 1).build();

    @Test
    void a_requested_retry_goes_to_the_handler_running_here_and_one_for_a_handler_running_elsewhere_is_left_alone()
            throws Exception {
        try (var events = new InMemoryEventStore(); var state = new InMemoryStateStore()) {
            // given a handler here whose code failed on an event, and a handler elsewhere that failed on it too
            var ping = CODEC.encode(new Ping("ping"));
            events.append("s-1", ExpectedVersion.noStream(), NewEvent.of(ping.type(), ping.data()));
            var elsewhere = new DeadLetters(state, Clock.systemUTC());
            var theirs = DeadLetter.of("there", events.readAll(0, 1).getFirst(),
                    new Failure("java.lang.IllegalStateException", "bug", ""), 1, FAILED, FAILED, false);
            elsewhere.store().put(theirs);
            var fixed = new AtomicBoolean();
            var handled = new CopyOnWriteArrayList<String>();
            try (var handlers = new Handlers(events, state, new DeadLetters(state, Clock.systemUTC()),
                    HandlerConfig.defaults())) {
                var here = handlers.start(HandlerRegistration.of("here", CODEC, (received, context) -> {
                    if (!fixed.get()) {
                        throw new IllegalStateException("bug");
                    }
                    handled.add(received.text());
                }));
                assertThat(here.awaitPosition(events.headPosition(), Duration.ofSeconds(10))).isTrue();
                var ours = DeadLetterId.of("here", 0);
                assertThat(elsewhere.show(ours).status()).isEqualTo(DeadLetterStatus.open());
                fixed.set(true);

                // when an operator elsewhere requests both retries, and this process looks for requests
                elsewhere.retry(ours);
                elsewhere.retry(theirs.id());
                var retries = RequestedRetries.start(handlers.deadLetters(), Duration.ofHours(1), line -> { });
                try {
                    // (the pass the start runs, or this one: the other finds nothing left)
                    assertThat(retries.performNow()).isBetween(0, 1);
                    var theirsAfterAPass = elsewhere.show(theirs.id());

                    // then the handler here handled its event once and its dead letter is resolved
                    assertThat(handled).containsExactly("ping");
                    assertThat(elsewhere.show(ours).status()).isInstanceOf(DeadLetterStatus.Resolved.class);
                    // and the other request waits for its own handler, untouched by later passes
                    assertThat(theirsAfterAPass.status()).isInstanceOf(DeadLetterStatus.RetryRequested.class);
                    assertThat(retries.performNow()).isZero();
                    assertThat(elsewhere.show(theirs.id())).isEqualTo(theirsAfterAPass);
                    assertThat(handled).hasSize(1);
                } finally {
                    retries.close();
                }
            }
        }
    }
}

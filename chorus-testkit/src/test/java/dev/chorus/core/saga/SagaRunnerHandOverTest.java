package dev.chorus.core.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.codec.Codec;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.state.CheckpointAheadOfLog;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.testkit.MutableClock;
import dev.chorus.testkit.StoreFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A closed runner gives its name back at once, even with a step still in flight on a caller's thread; the next
 * runner of the saga then owns its data, and the old one must not commit over it when that step ends.
 */
class SagaRunnerHandOverTest {
    static final EventType TEXT = EventType.of("Text", 1);

    final MutableClock clock = MutableClock.at(StoreFixture.START);
    final InMemoryEventStore log = new InMemoryEventStore(clock, StoreLimits.DEFAULT);
    final InMemoryStateStore state = new InMemoryStateStore();
    final DeadLetters deadLetters = new DeadLetters(state, clock);
    final List<String> sent = new CopyOnWriteArrayList<>();

    @Test
    void a_runner_whose_checkpoint_is_beyond_the_logs_head_refuses_to_open_and_writes_nothing() {
        // given a saga's state that has seen 100 events, over a log that holds 1 (its tail was cut by a repair)
        append("start", "r-1");
        state.commit(List.of(Checkpoints.save("saga/greeter", 100)));
        var before = state.scan("", "", 1_000);

        var refused = catchThrowable(
                () -> open((command, context) -> sent.add(command)));

        assertThat(refused).isInstanceOfSatisfying(CheckpointAheadOfLog.class, ahead -> {
            assertThat(ahead.checkpoint()).isEqualTo(100);
            assertThat(ahead.head()).isEqualTo(1);
        });
        assertThat(state.scan("", "", 1_000)).usingRecursiveFieldByFieldElementComparator().isEqualTo(before);
        assertThat(catchThrowable(() -> open((command, context) -> sent.add(command))))
                .as("refused again for the same reason: the first refusal left no name registered")
                .isInstanceOf(CheckpointAheadOfLog.class);
    }

    @Test
    void a_step_that_ends_after_its_runner_was_closed_and_replaced_commits_nothing() throws Exception {
        var inFlight = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var first = open((command, context) -> {
            inFlight.countDown();
            release.await();
            sent.add("first: " + command);
        });
        append("start", "r-1");
        var catchingUp = CompletableFuture.runAsync(() -> first.catchUp());
        assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();

        // given the first runner was closed with its step in flight, and a second runner took over
        first.close();
        var second = open((command, context) -> sent.add("second: " + command));
        append("stop", "r-1");
        assertThat(second.catchUp()).isEqualTo(2);

        // when the first runner's step ends
        release.countDown();
        assertThat(catchingUp).failsWithin(Duration.ofSeconds(10));

        // then the second runner's state and checkpoint stand
        assertThat(Checkpoints.load(state, "saga/greeter")).isEqualTo(2);
        assertThat(second.state("r-1")).contains("stop");
        second.close();
        var third = open((command, context) -> sent.add("third: " + command));
        assertThat(third.catchUp()).isZero();
        assertThat(sent).containsExactlyInAnyOrder("first: hello", "second: hello", "second: bye");
        third.close();
    }

    private SagaRunner<String, String, String> open(CommandDispatcher<String> commands) {
        var saga = new Saga<String, String, String>() {
            @Override
            public String name() {
                return "greeter";
            }

            @Override
            public String initialState() {
                return "idle";
            }

            @Override
            public String evolve(String current, String event) {
                return event;
            }

            @Override
            public List<SagaEffect<String, String>> react(String current, String event) {
                return List.of(SagaEffect.issue(event.equals("start") ? "hello" : "bye"));
            }
        };
        EventCodec<String> text = TextCodecs.facts(TEXT);
        Codec<String> states = TextCodecs.states();
        return SagaRunner.open(SagaBinding.of(saga, text, states, commands), log, state, deadLetters,
                SagaConfig.of(c -> c.clock(clock).timer(TimeoutTimer.manual()).sleeper(d -> {})));
    }

    private void append(String text, String correlationId) {
        log.append("greeter-" + correlationId, ExpectedVersion.any(), new NewEvent(TEXT,
                text.getBytes(StandardCharsets.UTF_8), MessageContext.correlatedBy(correlationId).metadata()));
    }
}

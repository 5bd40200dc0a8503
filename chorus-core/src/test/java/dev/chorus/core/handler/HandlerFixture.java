package dev.chorus.core.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.AppendResult;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Real in-memory stores, a test clock and a recording sleeper, wired as an application would wire them.
 * {@link #restartedOn} opens a second "process" on the same stores.
 */
final class HandlerFixture implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    final TestClock clock;
    final InMemoryEventStore events;
    final StateStore state;
    final RecordingSleeper sleeper;
    final DeadLetters deadLetters;
    final Handlers handlers;
    private final ShopCodec codec = new ShopCodec();

    HandlerFixture() {
        this(new TestClock(), null, new InMemoryStateStore(), HandlerConfig.DEFAULT_BATCH_SIZE);
    }

    private HandlerFixture(TestClock clock, InMemoryEventStore events, StateStore state, int batchSize) {
        this.clock = clock;
        this.events = events != null ? events : new InMemoryEventStore(clock, StoreLimits.DEFAULT);
        this.state = state;
        this.sleeper = new RecordingSleeper(clock);
        this.deadLetters = new DeadLetters(state, clock);
        this.handlers = new Handlers(this.events, state, deadLetters, new HandlerConfig(clock, sleeper, batchSize));
    }

    /** Another process over the same log and the given view of the same state. */
    HandlerFixture restartedOn(StateStore sameState) {
        return restartedOn(sameState, HandlerConfig.DEFAULT_BATCH_SIZE);
    }

    /** As {@link #restartedOn(StateStore)}, with handlers that commit at most {@code batchSize} events at once. */
    HandlerFixture restartedOn(StateStore sameState, int batchSize) {
        return new HandlerFixture(clock, events, sameState, batchSize);
    }

    AppendResult append(String streamId, ShopEvent... shopEvents) {
        var encoded = new ArrayList<NewEvent>();
        for (var event : shopEvents) {
            var e = codec.encode(event);
            encoded.add(NewEvent.of(e.type(), e.data()));
        }
        return events.append(streamId, ExpectedVersion.any(), encoded);
    }

    /** Appends with fixed ids and metadata, so that two fixtures hold identical logs. */
    AppendResult appendWithId(String streamId, String eventId, ShopEvent event) {
        var e = codec.encode(event);
        return events.append(streamId, ExpectedVersion.any(),
                new NewEvent(e.type(), e.data(), Map.of(Metadata.EVENT_ID, eventId)));
    }

    AppendResult appendNoise(String streamId) {
        return events.append(streamId, ExpectedVersion.any(), NewEvent.of(ShopCodec.NOISE, new byte[] {1}));
    }

    RunningHandler start(HandlerRegistration<?> registration) {
        return handlers.start(registration);
    }

    /**
     * Waits (bounded) until the handler is past every event in the log, including those it appended itself
     * on the way.
     */
    void awaitCaughtUp(RunningHandler handler) throws InterruptedException {
        long head;
        do {
            head = events.headPosition();
            assertThat(handler.awaitPosition(head, WAIT))
                    .as("%s reached position %d (at %d, completion %s)", handler.name(), head, handler.position(),
                            handler.completion())
                    .isTrue();
        } while (events.headPosition() != head);
    }

    Optional<String> stateOf(String handler, String key) {
        return state.get("handler/" + handler + "/state/" + key).map(ScriptedHandler::text);
    }

    long checkpointOf(String handler) {
        return Checkpoints.load(state, "handler/" + handler);
    }

    List<DeadLetter> pendingLetters() {
        return deadLetters.list(DeadLetterQuery.pending());
    }

    List<DeadLetter> allLetters() {
        return deadLetters.list(DeadLetterQuery.pending().includingClosed());
    }

    List<RecordedEvent> stream(String streamId) {
        return events.readStream(streamId);
    }

    ShopCodec codec() {
        return codec;
    }

    @Override
    public void close() {
        handlers.close();
    }
}

package dev.chorus.core.handler;

import dev.chorus.core.EventStore;
import dev.chorus.core.handler.internal.HandlerRunner;
import dev.chorus.core.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs registered handlers over one event store and one state store. Each handler follows the log from its
 * checkpoint ({@code checkpoint/handler/<name>}) on its own subscription, retries as its policy says,
 * dead-letters what still fails, and commits its state, its processed ids, any dead letter and its
 * checkpoint together: one state commit per batch of the events its subscription has in hand (at most
 * {@link HandlerConfig#batchSize()}), and its position moves only once that commit is durable.
 *
 * <pre>{@code
 * var deadLetters = new DeadLetters(state, clock);
 * var handlers = new Handlers(events, state, deadLetters, HandlerConfig.of(c -> c.clock(clock)));
 * handlers.start(HandlerRegistration.fromAnnotated("mailer", OrderEvent.class, codec, new Mailer())
 *         .withRetry(RetryPolicy.defaults().withMaxAttempts(5))
 *         .withOrdering(OrderingMode.parkStream()));
 * }</pre>
 */
public final class Handlers implements AutoCloseable {
    private final EventStore events;
    private final StateStore state;
    private final DeadLetters deadLetters;
    private final HandlerConfig config;
    private final List<RunningHandler> running = new ArrayList<>();

    public Handlers(EventStore events, StateStore state, DeadLetters deadLetters, HandlerConfig config) {
        this.events = Objects.requireNonNull(events, "events");
        this.state = Objects.requireNonNull(state, "state");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Handlers with their own {@link DeadLetters} over {@code state}. */
    public static Handlers create(EventStore events, StateStore state, Consumer<HandlerConfig.Builder> setup) {
        var config = HandlerConfig.of(setup);
        return new Handlers(events, state, new DeadLetters(state, config.clock()), config);
    }

    /**
     * Starts {@code registration}: first acts on what operators decided while it was stopped (retries
     * requested, dead letters discarded that park a stream), then follows the log from its checkpoint.
     *
     * @throws DuplicateSubscriber a handler of that name is already running here
     */
    public synchronized RunningHandler start(HandlerRegistration<?> registration) {
        var handler = HandlerRunner.start(registration, events, state, deadLetters, config);
        running.add(handler);
        return handler;
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** Closes every handler started here; the stores stay open (they are the caller's). */
    @Override
    public synchronized void close() {
        for (var handler : running.reversed()) {
            handler.close();
        }
        running.clear();
    }
}

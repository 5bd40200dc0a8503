package dev.chorus.core.saga;

import dev.chorus.core.EventStore;
import dev.chorus.core.EventType;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.Subscription;
import dev.chorus.core.SubscriptionFilter;
import dev.chorus.core.SubscriptionHandler;
import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterOwner;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.handler.SubscriberStopped;
import dev.chorus.core.saga.internal.SagaEngine;
import dev.chorus.core.saga.internal.Stopping;
import dev.chorus.core.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs one {@link Saga} over an event store, keeping its instances in a state store.
 *
 * <p>The runner reads the log from its checkpoint ({@code checkpoint/saga/<name>}), one fact at a time.
 * For a fact the saga's codec knows, it loads the state of the fact's conversation (its correlation id),
 * evolves it, reacts, and executes the effects: commands go to the {@link CommandDispatcher} and events are
 * appended, both under {@code MessageContext.causedBy(fact)} (same correlation id, causation id = the fact's
 * event id); timeouts are scheduled and cancelled in the same state commit as the new state and the
 * checkpoint. A fact that still fails after the retry policy goes to the dead-letter store and holds its
 * conversation back (later facts of it wait, in order) until it is retried successfully or discarded.
 *
 * <p>Guarantees. State, timeouts and checkpoint move together, so a crash neither loses nor doubles a state
 * change or a timeout. Commands and publishes go out before that commit, so a crash (or a failed attempt)
 * after them sends them again: they are at least once, with ids derived from the saga, the fact and the
 * effect's place, so a receiver can apply a repeat once (see {@link CommandContext}).
 *
 * <p>Timeouts. {@link #fireDueTimeouts()} appends a {@code chorus.saga.TimeoutFired} fact to
 * {@link #timeoutStream(String)} for every timeout due by the configured clock, caused by the fact that
 * scheduled it and in its conversation; the runner answers it with {@link Saga#onTimeout} when it reaches
 * that fact in the log. So a timeout is ordered with the conversation's other facts, is held back with
 * them, and shows in its lineage. A timeout cancelled or rescheduled before its fact is handled is ignored.
 *
 * <p>Two ways to run: {@link #start()} follows the log on a virtual thread (and fires timeouts on the
 * configured {@link TimeoutTimer}); {@link #catchUp()} handles what is in the log on the caller's thread
 * and returns. One runner per saga name and state store.
 */
public final class SagaRunner<S, E, C> implements DeadLetterOwner, AutoCloseable {
    /** The type of the facts that bring a due timeout back to its saga. */
    public static final EventType TIMEOUT_FIRED = SagaEngine.TIMEOUT_FIRED;

    private final SagaBinding<S, E, C> binding;
    private final EventStore events;
    private final SagaConfig config;
    private final SagaEngine<S, E, C> engine;
    private final DeadLetters.Registration registration;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final Condition timerWake = lifecycle.newCondition();
    private @Nullable Subscription subscription;
    private @Nullable Thread timer;
    private boolean reconciled;
    private volatile boolean closed;

    private SagaRunner(SagaBinding<S, E, C> binding, EventStore events, StateStore state, DeadLetters deadLetters,
                       SagaConfig config) {
        this.binding = binding;
        this.events = events;
        this.config = config;
        this.engine = new SagaEngine<>(binding, events, state, deadLetters.store(), config);
        this.registration = deadLetters.register(binding.name(), this);
    }

    /**
     * A runner for {@code binding}, not yet following the log. {@code deadLetters} must keep its dead letters
     * in {@code state}, so that a dead letter and the checkpoint move in one commit.
     *
     * @throws dev.chorus.core.handler.DuplicateSubscriber a subscriber of the same name already owns its dead
     *                                                     letters in this process
     */
    public static <S, E, C> SagaRunner<S, E, C> open(SagaBinding<S, E, C> binding, EventStore events,
                                                     StateStore state, DeadLetters deadLetters, SagaConfig config) {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(config, "config");
        return new SagaRunner<>(binding, events, state, deadLetters, config);
    }

    /** The stream a saga's fired timeouts are appended to: {@code chorus.saga.<name>.timeouts}. */
    public static String timeoutStream(String sagaName) {
        return SagaEngine.timeoutStream(sagaName);
    }

    public String name() {
        return binding.name();
    }

    /**
     * Acts on what operators decided while the saga was stopped, then follows the log from the checkpoint on
     * a virtual thread, and starts the timeout timer if the configuration has one.
     */
    public SagaRunner<S, E, C> start() {
        lifecycle.lock();
        try {
            ensureOpen();
            if (subscription != null) {
                throw new IllegalStateException("saga " + name() + " is already started");
            }
            reconcileOnce();
            var running = events.subscribe(engine.position(), SubscriptionFilter.all(), new Follower());
            running.completion().whenComplete((ignored, error) -> {
                if (error != null && !closed) {
                    completion.completeExceptionally(error);
                }
            });
            subscription = running;
            if (config.timer() instanceof TimeoutTimer.Every every) {
                timer = Thread.ofVirtual().name("chorus-saga-timer-" + name()).start(() -> runTimer(every.period()));
            }
            return this;
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Handles every fact up to the log's head on this thread (acting first, once, on what operators decided
     * while the saga was stopped), and returns how many facts it looked at.
     */
    public int catchUp() {
        lifecycle.lock();
        try {
            ensureOpen();
            reconcileOnce();
        } finally {
            lifecycle.unlock();
        }
        return engine.catchUp();
    }

    /**
     * Fires every timeout due by the clock's now: appends its {@link #TIMEOUT_FIRED} fact and takes it off the
     * due index. The saga answers it when it reaches that fact (at once when started, or on the next
     * {@link #catchUp()}).
     *
     * @return the timeouts fired, in due order
     */
    public List<PendingTimeout> fireDueTimeouts() {
        ensureOpen();
        return engine.fireDueTimeouts();
    }

    /** When the next timeout comes due, if one is waiting to fire. */
    public Optional<Instant> nextDue() {
        return engine.nextDue();
    }

    /** The position of the next fact the runner will look at; everything before is handled, dead-lettered or queued. */
    public long position() {
        return engine.position();
    }

    /**
     * Waits until every fact before {@code position} is behind the runner; false when {@code timeout} passed first
     * or the runner was closed.
     */
    public boolean awaitPosition(long position, Duration timeout) throws InterruptedException {
        return engine.awaitPosition(position, timeout);
    }

    /** The stored state of the conversation {@code correlationId}; empty before its first fact and after its end. */
    public Optional<S> state(String correlationId) {
        return engine.state(correlationId);
    }

    /** Whether the saga completed this conversation; its later facts are ignored. */
    public boolean isFinished(String correlationId) {
        return engine.isFinished(correlationId);
    }

    /** Whether a dead letter holds this conversation back. */
    public boolean isHeldBack(String correlationId) {
        return engine.isHeldBack(correlationId);
    }

    /** The conversation's timeouts that were scheduled and are not yet handled or cancelled, by name. */
    public List<PendingTimeout> pendingTimeouts(String correlationId) {
        return engine.pendingTimeouts(correlationId);
    }

    /** Completes when the runner is closed; fails when it had to stop (its event store or state store failed). */
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /**
     * Redelivers the dead-lettered fact to this saga, now, with the retry policy. On success the conversation
     * it held back goes on with its queued facts, in order; on failure the dead letter is open again with the
     * attempts added.
     */
    @Override
    public DeadLetter retry(DeadLetterId id) {
        return asOwner(() -> engine.retry(id));
    }

    /** Gives up on the dead-lettered fact; the conversation it held back goes on with its queued facts. */
    @Override
    public DeadLetter discard(DeadLetterId id) {
        return asOwner(() -> engine.discard(id));
    }

    /** An operator's request that reaches a closing runner is left to {@link DeadLetters}, for the next start. */
    private DeadLetter asOwner(Supplier<DeadLetter> request) {
        if (closed) {
            throw new SubscriberStopped(name());
        }
        try {
            return request.get();
        } catch (Stopping stopping) {
            throw new SubscriberStopped(name());
        }
    }

    /**
     * Stops following the log after the fact in hand (whose current attempt finishes; it is redelivered on
     * restart if it was not committed) and stops the timer. The stores stay open: they are the caller's.
     */
    @Override
    public void close() {
        Thread timerThread;
        Subscription running;
        lifecycle.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            engine.close();
            timerWake.signalAll();
            timerThread = timer;
            running = subscription;
        } finally {
            lifecycle.unlock();
        }
        if (running != null) {
            running.close();
        }
        if (timerThread != null) {
            try {
                timerThread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Before the name is free: a step still in flight (a catch-up's, or one outliving the join) commits nothing.
        engine.release();
        registration.close();
        completion.complete(null);
    }

    private void reconcileOnce() {
        if (!reconciled) {
            engine.reconcile();
            reconciled = true;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("saga runner " + name() + " is closed; open a new one");
        }
    }

    private void runTimer(Duration period) {
        try {
            while (!closed) {
                engine.fireDueTimeouts();
                lifecycle.lock();
                try {
                    if (!closed) {
                        timerWake.awaitNanos(period.toNanos());
                    }
                } finally {
                    lifecycle.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closed) {
                completion.completeExceptionally(e);
            }
        }
    }

    /** The subscription's handler: facts go to the engine, which ignores them once the runner is closing. */
    private final class Follower implements SubscriptionHandler {
        @Override
        public void onEvent(RecordedEvent event) {
            try {
                engine.offer(event);
            } catch (Stopping stopping) {
                // Closing: the fact in hand is redelivered when the saga starts again.
            }
        }

        @Override
        public void onLive(long position) {
            if (!closed) {
                engine.flushCheckpoint();
            }
        }
    }
}

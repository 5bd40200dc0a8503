package dev.chorus.core.saga.internal;

import dev.chorus.core.Sleeper;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StoreClosed;
import dev.chorus.core.handler.RetryPolicy;
import dev.chorus.core.saga.SagaConfig;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One delivery of a fact to the saga: attempts as the retry policy allows, each committing the step's writes
 * with the caller's on success. Errors of a {@code retryOn} type wait out a backoff and go again; any other
 * ends the delivery at once. A closed store is not the saga's fault and is thrown on, as is closing.
 */
final class Attempts<S, E, C> {
    /** How a delivery failed: the last error, the attempts made, and when the first and the last failed. */
    record Failed(Exception error, int attempts, Instant firstAt, Instant lastAt) {}

    private final StepExecutor<S, E, C> steps;
    private final StateStore state;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final Clock clock;
    private final String timeoutStream;
    private final BooleanSupplier closing;

    Attempts(StepExecutor<S, E, C> steps, StateStore state, SagaConfig config, String timeoutStream,
             BooleanSupplier closing) {
        this.steps = steps;
        this.state = state;
        this.retry = config.retry();
        this.sleeper = config.sleeper();
        this.clock = config.clock();
        this.timeoutStream = timeoutStream;
        this.closing = closing;
    }

    /** Tries {@code fact} up to {@code maxAttempts} times; empty when one attempt committed. */
    Optional<Failed> run(RecordedEvent fact, Supplier<List<StateWrite>> extra, int maxAttempts) {
        boolean firedTimeout = fact.streamId().equals(timeoutStream);
        var delivery = steps.new Delivery();
        Instant firstAt = null;
        for (int attempt = 1; ; attempt++) {
            if (closing.getAsBoolean()) {
                throw new Stopping();
            }
            try {
                var writes = new ArrayList<>(steps.attempt(fact, firedTimeout, delivery));
                writes.addAll(extra.get());
                state.commit(writes);
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopping();
            } catch (StoreClosed | Stopping e) {
                // Stopping: the runner gave its name back while this attempt was in flight.
                throw e;
            } catch (Exception e) {
                Instant now = clock.instant();
                firstAt = firstAt == null ? now : firstAt;
                if (attempt >= maxAttempts || !retry.isRetriable(e)) {
                    return Optional.of(new Failed(e, attempt, firstAt, now));
                }
                backOff(attempt);
            }
        }
    }

    private void backOff(int failedAttempt) {
        try {
            sleeper.sleep(retry.backoffAfter(failedAttempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopping();
        }
    }
}

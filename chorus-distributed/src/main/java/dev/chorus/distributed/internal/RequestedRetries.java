package dev.chorus.distributed.internal;

import dev.chorus.core.handler.DeadLetterClosed;
import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterNotFound;
import dev.chorus.core.handler.DeadLetterQuery;
import dev.chorus.core.handler.DeadLetterStatus;
import dev.chorus.core.handler.DeadLetters;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Performs the retries an operator requested from another process ({@code chorus dlq retry --postgres}), which only
 * mark a dead letter {@code RetryRequested} in the shared state store: a running handler looks for such marks only
 * when it starts. The leader polls for them and retries each through {@link DeadLetters}, so that the handler
 * registered in this process handles the event again, serialised with its other events.
 */
public final class RequestedRetries implements AutoCloseable {
    private static final int PAGE = 256;

    private final DeadLetters deadLetters;
    private final Duration interval;
    private final Consumer<String> log;
    /** Requests for handlers that do not run here: left for the process that runs them. */
    private final Set<DeadLetterId> notOurs = new HashSet<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    private RequestedRetries(DeadLetters deadLetters, Duration interval, Consumer<String> log) {
        this.deadLetters = deadLetters;
        this.interval = interval;
        this.log = log;
        this.thread = Thread.ofVirtual().name("chorus-requested-retries").unstarted(this::run);
    }

    /** Looks for requested retries every {@code interval} until closed; {@code log} hears what it retried. */
    public static RequestedRetries start(DeadLetters deadLetters, Duration interval, Consumer<String> log) {
        var retries = new RequestedRetries(Objects.requireNonNull(deadLetters, "deadLetters"),
                Objects.requireNonNull(interval, "interval"), Objects.requireNonNull(log, "log"));
        retries.thread.start();
        return retries;
    }

    /** Retries every dead letter marked {@code RetryRequested} whose handler runs here; returns how many. */
    public synchronized int performNow() {
        int performed = 0;
        var query = DeadLetterQuery.pending().limit(PAGE);
        while (true) {
            var page = deadLetters.list(query);
            for (var letter : page) {
                if (letter.status() instanceof DeadLetterStatus.RetryRequested && !notOurs.contains(letter.id())) {
                    performed += retry(letter.id()) ? 1 : 0;
                }
            }
            if (page.size() < PAGE) {
                return performed;
            }
            query = query.after(page.getLast().id());
        }
    }

    private boolean retry(DeadLetterId id) {
        try {
            var after = deadLetters.retry(id);
            if (after.status() instanceof DeadLetterStatus.RetryRequested) {
                // No owner here: DeadLetters only marked it again.
                notOurs.add(id);
                return false;
            }
            log.accept("retried dead letter " + id + " as requested: " + after.status().label());
            return true;
        } catch (DeadLetterClosed | DeadLetterNotFound e) {
            // Closed or gone since it was listed (another instance, or the operator, got there first).
            return false;
        }
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            do {
                try {
                    performNow();
                } catch (RuntimeException e) {
                    // The requests stay in the state store; the next round tries again.
                    log.accept("looking for requested dead-letter retries failed: " + e);
                }
            } while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

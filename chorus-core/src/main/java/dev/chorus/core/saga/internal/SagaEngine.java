package dev.chorus.core.saga.internal;

import dev.chorus.core.EventStore;
import dev.chorus.core.EventType;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetterClosed;
import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterStatus;
import dev.chorus.core.handler.DeadLetterStore;
import dev.chorus.core.handler.Failure;
import dev.chorus.core.handler.RetryPolicy;
import dev.chorus.core.saga.PendingTimeout;
import dev.chorus.core.saga.SagaBinding;
import dev.chorus.core.saga.SagaConfig;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs one saga over the log, one fact at a time, under one lock shared by everything that changes the
 * saga's data (the subscription, an explicit catch-up, the timeout timer, an operator's retry or discard).
 *
 * <p>Per fact it commits, in one state commit: the instance's new state (or its end), its timeout
 * bookkeeping and the checkpoint; or, when the step failed past its retry policy, the dead letter, the
 * instance held back behind it, and the checkpoint. Later facts of a held-back instance are queued in the
 * state store and run in order once the dead letter is retried successfully or discarded. Facts the saga
 * does not know move only the checkpoint, which is committed every so often rather than per fact.
 */
public final class SagaEngine<S, E, C> {
    public static final EventType TIMEOUT_FIRED = EventType.of("chorus.saga.TimeoutFired", 1);
    private static final System.Logger LOG = System.getLogger(SagaEngine.class.getName());
    private static final int PAGE = 256;
    private static final int SKIPS_BETWEEN_CHECKPOINTS = 256;
    private static final byte[] EMPTY = new byte[0];
    private static final long CLOSE_CHECK_NANOS = Duration.ofMillis(50).toNanos();

    private final SagaBinding<S, E, C> binding;
    private final String name;
    private final EventStore events;
    private final OwnedState state;
    private final DeadLetterStore letters;
    private final Clock clock;
    private final RetryPolicy retry;
    private final SagaKeys keys;
    private final String timeoutStream;
    private final TimeoutFiring firing;
    private final Attempts<S, E, C> attempts;
    // A lock, not a monitor: the subscription's virtual thread must not pin its carrier while a command runs.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private volatile long next;
    private long committed;
    private int skipsSinceCommit;
    private volatile boolean closing;

    public SagaEngine(SagaBinding<S, E, C> binding, EventStore events, StateStore state, DeadLetterStore letters,
                      SagaConfig config) {
        this.binding = binding;
        this.name = binding.name();
        this.events = events;
        this.state = new OwnedState(state);
        this.letters = letters;
        this.clock = config.clock();
        this.retry = config.retry();
        this.keys = new SagaKeys(name);
        this.timeoutStream = timeoutStream(name);
        this.firing = new TimeoutFiring(name, events, this.state, keys, timeoutStream);
        this.attempts = new Attempts<>(new StepExecutor<>(binding, events, this.state, keys), this.state, config,
                timeoutStream, () -> closing);
        this.next = Checkpoints.loadWithinLog(state, keys.checkpointName(), events);
        this.committed = next;
    }

    public static String timeoutStream(String sagaName) {
        return "chorus.saga." + sagaName + ".timeouts";
    }

    public long position() {
        return next;
    }

    // ---- the log, in order

    /** Handles {@code fact} if it is the next one; earlier ones are behind already, and nothing is done while closing. */
    public void offer(RecordedEvent fact) {
        lock.lock();
        try {
            if (closing || fact.position() < next) {
                return;
            }
            if (fact.position() > next) {
                throw new IllegalStateException("saga " + name + " expected the fact at position " + next
                        + " but was given " + fact.position() + "; the log must be read without gaps");
            }
            handleNext(fact);
        } finally {
            lock.unlock();
        }
    }

    /** Handles everything up to the log's head, on the caller's thread; returns how many facts were looked at. */
    public int catchUp() {
        int seen = 0;
        while (true) {
            lock.lock();
            try {
                ensureNotClosing();
                var page = events.readAll(next, PAGE);
                if (page.isEmpty()) {
                    flushCheckpoint();
                    return seen;
                }
                for (RecordedEvent fact : page) {
                    if (fact.position() == next) {
                        handleNext(fact);
                        seen++;
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Commits the checkpoint of facts passed by without a commit of their own. */
    public void flushCheckpoint() {
        lock.lock();
        try {
            if (next > committed) {
                state.commit(List.of(Checkpoints.save(keys.checkpointName(), next)));
                committed = next;
                skipsSinceCommit = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every fact before {@code position} is behind the saga; false when {@code timeout} passed first or
     * the saga closed.
     */
    public boolean awaitPosition(long position, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (next < position && !closing) {
                if (nanos <= 0) {
                    return false;
                }
                // In slices: close() cannot always take the lock to wake waiters (a step may hold it).
                long slept = Math.min(nanos, CLOSE_CHECK_NANOS);
                nanos -= slept - advanced.awaitNanos(slept);
            }
            return next >= position;
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking facts; the one in hand finishes its current attempt and is redelivered on restart. */
    public void close() {
        closing = true;
        if (lock.tryLock()) {
            try {
                advanced.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * The runner gives the saga's name back: nothing is committed from here on, so a step still in flight cannot
     * commit over the next runner's state and checkpoint. A commit in flight ends first.
     */
    public void release() {
        state.release();
    }

    private void handleNext(RecordedEvent fact) {
        long after = fact.position() + 1;
        if (!isInput(fact)) {
            next = after;
            if (++skipsSinceCommit >= SKIPS_BETWEEN_CHECKPOINTS) {
                flushCheckpoint();
            }
        } else {
            var checkpoint = List.of(Checkpoints.save(keys.checkpointName(), after));
            String correlationId = fact.correlationId();
            if (state.get(keys.blocked(correlationId)).isPresent()) {
                state.commit(with(checkpoint, StateWrite.put(keys.queued(correlationId, fact.position()), EMPTY)));
            } else {
                process(fact, checkpoint);
            }
            next = after;
            committed = after;
            skipsSinceCommit = 0;
        }
        advanced.signalAll();
    }

    private boolean isInput(RecordedEvent fact) {
        if (fact.streamId().equals(timeoutStream)) {
            return fact.type().name().equals(TIMEOUT_FIRED.name());
        }
        return binding.events().knows(fact.type().name());
    }

    /**
     * Runs {@code fact} through the saga unless its instance is finished, committing the outcome with
     * {@code extra}; a fact that still fails after the retry policy is dead-lettered and holds its instance back.
     *
     * @return whether it was handled (or passed by) rather than dead-lettered
     */
    private boolean process(RecordedEvent fact, List<StateWrite> extra) {
        String correlationId = fact.correlationId();
        if (state.get(keys.done(correlationId)).isPresent()) {
            if (!extra.isEmpty()) {
                state.commit(extra);
            }
            return true;
        }
        var failed = attempts.run(fact, () -> extra, retry.maxAttempts());
        if (failed.isEmpty()) {
            return true;
        }
        var failure = failed.get();
        var letter = DeadLetter.of(name, fact, Failure.of(failure.error()), failure.attempts(), failure.firstAt(),
                failure.lastAt(), true);
        var writes = new ArrayList<>(letters.save(letter));
        writes.add(StateWrite.put(keys.blocked(correlationId), new Blocker(fact.position(), correlationId).encode()));
        writes.addAll(extra);
        state.commit(writes);
        return false;
    }

    private void ensureNotClosing() {
        if (closing) {
            throw new Stopping();
        }
    }

    // ---- dead letters

    /**
     * Redelivers a dead-lettered fact, with the retry policy; on success its instance's queued facts run, in
     * order.
     */
    public DeadLetter retry(DeadLetterId id) {
        lock.lock();
        try {
            var letter = requirePending(id, "retry");
            var fact = factAt(id.position());
            String correlationId = fact.correlationId();
            var resolved = letter.withStatus(new DeadLetterStatus.Resolved(clock.instant()));
            var failed = attempts.run(fact, () -> letters.save(resolved), retry.maxAttempts());
            if (failed.isPresent()) {
                var again = letter.failedAgain(Failure.of(failed.get().error()), failed.get().attempts(),
                        failed.get().lastAt());
                state.commit(letters.save(again));
                return again;
            }
            release(correlationId);
            return resolved;
        } finally {
            lock.unlock();
        }
    }

    /** Gives up on a dead-lettered fact; its instance's queued facts run, in order. */
    public DeadLetter discard(DeadLetterId id) {
        lock.lock();
        try {
            var letter = requirePending(id, "discard");
            String correlationId = factAt(id.position()).correlationId();
            var discarded = letter.withStatus(new DeadLetterStatus.Discarded(clock.instant()));
            state.commit(letters.save(discarded));
            release(correlationId);
            return discarded;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Acts on what operators decided while the saga was not running: a retry requested is made now, and an
     * instance held back by a dead letter that was discarded (or is gone) goes on with its queued facts.
     */
    public void reconcile() {
        lock.lock();
        try {
            for (var blocker : blockers()) {
                var id = DeadLetterId.of(name, blocker.position());
                var letter = letters.get(id);
                if (letter.isEmpty()) {
                    release(blocker.correlationId());
                    continue;
                }
                switch (letter.get().status()) {
                    case DeadLetterStatus.Open open -> { }
                    case DeadLetterStatus.RetryRequested requested -> LOG.log(Level.INFO, "saga {0}: retried dead"
                            + " letter {1} as requested while it was stopped: {2}", name, id, retry(id).status().label());
                    case DeadLetterStatus.Resolved resolved -> release(blocker.correlationId());
                    case DeadLetterStatus.Discarded discarded -> release(blocker.correlationId());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs the instance's queued facts, then lifts its hold. The hold goes last: a process that dies while draining
     * leaves it in place, so the next start finds the queue through it and drains the rest.
     */
    private void release(String correlationId) {
        if (drain(correlationId)) {
            state.commit(List.of(StateWrite.delete(keys.blocked(correlationId))));
        }
    }

    private List<Blocker> blockers() {
        return scanAll(keys.blockedIndex()).stream().map(entry -> Blocker.decode(entry.value())).toList();
    }

    private List<StateEntry> scanAll(String prefix) {
        var all = new ArrayList<StateEntry>();
        state.forEach(prefix, all::add);
        return all;
    }

    /**
     * Runs an instance's queued facts in order until one fails again (and holds it back once more).
     *
     * @return whether the queue is empty
     */
    private boolean drain(String correlationId) {
        while (true) {
            var head = state.scan(keys.queue(correlationId), 1);
            if (head.isEmpty()) {
                return true;
            }
            var dequeue = List.of(StateWrite.delete(head.getFirst().key()));
            if (!process(factAt(SagaKeys.positionOf(head.getFirst().key())), dequeue)) {
                return false;
            }
        }
    }

    private DeadLetter requirePending(DeadLetterId id, String action) {
        var letter = letters.require(id);
        if (!letter.status().isPending()) {
            throw new DeadLetterClosed(id, letter.status(), action);
        }
        return letter;
    }

    private RecordedEvent factAt(long position) {
        var page = events.readAll(position, 1);
        if (page.isEmpty()) {
            throw new IllegalStateException("saga " + name + " needs the fact at position " + position
                    + " but the log ends at " + events.headPosition());
        }
        return page.getFirst();
    }

    // ---- timeouts

    /** Fires every timeout due by the clock's now; see {@link TimeoutFiring}. */
    public List<PendingTimeout> fireDueTimeouts() {
        lock.lock();
        try {
            return firing.fireDue(clock.instant());
        } finally {
            lock.unlock();
        }
    }

    public Optional<Instant> nextDue() {
        return firing.nextDue();
    }

    // ---- views

    public Optional<S> state(String correlationId) {
        return state.get(keys.state(correlationId)).map(binding.state()::decode);
    }

    public boolean isFinished(String correlationId) {
        return state.get(keys.done(correlationId)).isPresent();
    }

    public boolean isHeldBack(String correlationId) {
        return state.get(keys.blocked(correlationId)).isPresent();
    }

    public List<PendingTimeout> pendingTimeouts(String correlationId) {
        return scanAll(keys.timers(correlationId)).stream()
                .map(entry -> TimeoutCodec.decode(entry.value())).toList();
    }

    private static List<StateWrite> with(List<StateWrite> writes, StateWrite more) {
        var all = new ArrayList<>(writes);
        all.add(more);
        return all;
    }
}

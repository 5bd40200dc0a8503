package dev.chorus.core.handler.internal;

import dev.chorus.core.Sleeper;
import dev.chorus.core.EventStore;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StoreClosed;
import dev.chorus.core.Subscription;
import dev.chorus.core.SubscriptionHandler;
import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetterClosed;
import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterOwner;
import dev.chorus.core.handler.DeadLetterQuery;
import dev.chorus.core.handler.DeadLetterStatus;
import dev.chorus.core.handler.DeadLetterStore;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.handler.Failure;
import dev.chorus.core.handler.HandlerConfig;
import dev.chorus.core.handler.HandlerRegistration;
import dev.chorus.core.handler.OrderingMode;
import dev.chorus.core.handler.ProcessedEvents;
import dev.chorus.core.handler.RunningHandler;
import dev.chorus.core.handler.SubscriberStopped;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs one handler. Events come from its subscription; operator retries and discards come from other
 * threads through {@link DeadLetterOwner}; one lock serialises both, so the handler sees one event at a
 * time and a parked stream is released before its next event is looked at.
 *
 * <p>The outcomes of events are committed to the state store in batches: handled (the handler's state, its
 * processed id) and parked (the parked key) events join the batch, and one commit writes the batch with the
 * checkpoint past its last event when the subscription has no further event in hand, when the batch holds
 * {@link HandlerConfig#batchSize()} events, or before anything else needs the store as committed: a dead letter
 * (committed together with the batch before it), an operator's retry or discard, closing. Handlers read the
 * batch's writes (through {@link TransactionalState}) and dedup sees its processed ids. {@link #position()}
 * moves only once a commit is durable. A crash before the commit redelivers the batch's events; after it,
 * nothing repeats.
 */
public final class HandlerRunner<E> implements RunningHandler, DeadLetterOwner, SubscriptionHandler {
    private static final System.Logger LOG = System.getLogger(HandlerRunner.class.getName());
    /** Skipped events (types the codec cannot decode) move the stored checkpoint this often, not each time. */
    private static final int SKIP_FLUSH = 256;
    private static final int RELEASE_PAGE = 64;

    private final HandlerRegistration<E> registration;
    private final String name;
    private final EventStore events;
    private final StateStore state;
    private final DeadLetterStore deadLetters;
    private final Clock clock;
    private final Sleeper sleeper;
    private final String checkpointName;
    private final String base;
    private final ProcessedEvents processed;
    private final ParkedStreams parked;
    private final int batchSize;
    private final long maxEventBytes;
    private final PendingCommit batch = new PendingCommit();
    private final ReentrantLock lock = new ReentrantLock();
    private final Object progress = new Object();
    private final Object sleepGuard = new Object();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private volatile long next;
    private volatile boolean closed;
    /** The subscription stopped on an error: what the batch holds is never committed, it is redelivered. */
    private volatile boolean failed;
    /** Guards {@link #released}: a commit begun before the name was given back ends before it is. */
    private final Object commitGuard = new Object();
    /** The name was given back: another runner may own it now, so this one never commits again. */
    private boolean released;
    /** Handing a batch again after one of its queued appends was refused: nothing is queued meanwhile. */
    private boolean settling;
    /**
     * Refused events not handled again yet, in order: no checkpoint passes the first of them, whatever later
     * events of the batch are committed with it.
     */
    private final ArrayDeque<RecordedEvent> unsettled = new ArrayDeque<>();
    private int unflushedSkips;
    private Thread sleeping;
    private DeadLetters.Registration ownership = () -> {};
    private Subscription subscription;

    private sealed interface Outcome {}

    /** {@code stateful}: the handler wrote its own state, which the batch's later events may read. */
    private record Handled(List<StateWrite> writes, List<CompletableFuture<?>> queued, boolean stateful)
            implements Outcome {}

    private record GaveUp(Failure failure, int attempts, Instant firstFailedAt, Instant lastFailedAt)
            implements Outcome {}

    private HandlerRunner(HandlerRegistration<E> registration, EventStore events, StateStore state,
                          DeadLetterStore deadLetters, HandlerConfig config) {
        this.registration = registration;
        this.name = registration.name();
        this.events = events;
        this.state = state;
        this.deadLetters = deadLetters;
        this.clock = config.clock();
        this.sleeper = config.sleeper();
        this.checkpointName = "handler/" + name;
        this.base = "handler/" + name + "/";
        this.processed = ProcessedEvents.in("handler/" + name);
        this.parked = new ParkedStreams(base);
        this.batchSize = config.batchSize();
        // A batch is committed once it passes a third of what the store takes in one commit, and one event writes at
        // most a third: a commit then holds at most two thirds, and the rest is room for a dead letter beside them.
        this.maxEventBytes = state.maxCommitBytes() / 3;
    }

    public static <E> HandlerRunner<E> start(HandlerRegistration<E> registration, EventStore events,
                                             StateStore state, DeadLetters deadLetters, HandlerConfig config) {
        var runner = new HandlerRunner<>(registration, events, state, deadLetters.store(), config);
        runner.ownership = deadLetters.register(registration.name(), runner);
        try {
            runner.lock.lock();
            try {
                runner.parked.load(state);
                runner.reconcile();
                runner.next = Checkpoints.loadWithinHead(state, runner.checkpointName, events);
            } finally {
                runner.lock.unlock();
            }
            runner.subscription = events.subscribe(runner.next, runner);
            runner.subscription.completion().whenComplete((ignored, error) -> runner.finished(error));
            return runner;
        } catch (InterruptedException e) {
            runner.ownership.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting handler " + registration.name(), e);
        } catch (RuntimeException | Error e) {
            runner.ownership.close();
            throw e;
        }
    }

    // ---- events from the subscription

    @Override
    public void onEvent(RecordedEvent event) throws Exception {
        onEvent(event, false);
    }

    @Override
    public void onEvent(RecordedEvent event, boolean more) throws Exception {
        lock.lock();
        try {
            if (closed) {
                throw new InterruptedException("handler " + name + " is closing");
            }
            deliver(event);
            if (!more || batch.events() >= batchSize || batch.bytes() > maxEventBytes) {
                commitBatch();
            }
        } catch (InterruptedException closing) {
            // Closing cut a backoff short: close() commits what the batch holds, and that event comes again.
            throw closing;
        } catch (Throwable fatal) {
            // The subscription stops here; the batch's events are redelivered when the handler starts again.
            failed = true;
            batch.clear();
            throw fatal;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onLive(long position) {
        lock.lock();
        try {
            commitBatch();
            flushSkips();
        } catch (InterruptedException closing) {
            // Closing cut a redelivery short: close() commits what the batch holds, the rest comes again. The
            // flag stays clear when closing (a later FileChannel read on this thread would close the channel).
            if (!closed) {
                Thread.currentThread().interrupt();
            }
        } catch (RuntimeException | Error fatal) {
            failed = true;
            batch.clear();
            throw fatal;
        } finally {
            lock.unlock();
        }
    }

    private void deliver(RecordedEvent event) throws InterruptedException {
        long after = event.position() + 1;
        if (!registration.codec().canDecode(event.type())) {
            if (!batch.isEmpty()) {
                batch.skip(after);
                return;
            }
            advanced(after);
            if (++unflushedSkips >= SKIP_FLUSH) {
                flushSkips();
            }
            return;
        }
        if (parked.blockerOf(event.streamId()).isPresent()) {
            batch.add(event, List.of(parked.park(event)), List.of());
            return;
        }
        switch (attempt(event, queues())) {
            case Handled handled -> {
                batch.add(event, handled.writes(), handled.queued());
                if (handled.stateful() && !handled.queued().isEmpty()) {
                    // Later events read what it wrote: that must not rest on an append that may yet be refused.
                    settle();
                }
            }
            case GaveUp gaveUp -> {
                settle();
                boolean parks = registration.ordering() instanceof OrderingMode.ParkStream;
                var letter = deadLetterFor(event, gaveUp, parks);
                // The batch before it goes in the same commit: the in-memory parked streams then follow the store.
                var writes = batch.writes();
                writes.addAll(deadLetters.save(letter));
                if (parks) {
                    writes.add(parked.block(event.streamId(), event.position()));
                }
                // A refused event handed again comes after later events of its batch, which this commit holds.
                long through = limit(batch.isEmpty() ? after : Math.max(after, batch.through()), event);
                writes.add(checkpoint(through));
                commit(writes);
                batch.clear();
                if (parks) {
                    parked.blocked(event.streamId(), event.position());
                }
                advanced(through);
            }
        }
    }

    /**
     * Tries the event as the policy allows; the writes of a success are returned, not yet committed, with the
     * appends it queued if {@code queue} let it.
     */
    private Outcome attempt(RecordedEvent event, boolean queue) throws InterruptedException {
        if (registration.deduplicates() && seen(event)) {
            return new Handled(List.of(), List.of(), false);
        }
        var policy = registration.retry();
        Instant first = null;
        for (int attempt = 1; ; attempt++) {
            var transaction = new TransactionalState(state, batch, base + "state/", maxEventBytes);
            var context = new Context(name, event, attempt, events, transaction, clock, queue);
            try {
                E decoded = registration.codec().decode(event);
                registration.handler().handle(decoded, context);
                var writes = new ArrayList<>(transaction.writes());
                boolean stateful = !writes.isEmpty();
                if (registration.deduplicates()) {
                    writes.add(processed.mark(event));
                }
                return new Handled(writes, List.copyOf(context.awaited()), stateful);
            } catch (VirtualMachineError | StoreClosed fatal) {
                // Not the handler's fault: stop, and the event is redelivered when the handler starts again.
                throw fatal;
            } catch (Throwable error) {
                // What the failed attempt queued lands or not before anything else happens.
                context.awaited().forEach(queued -> queued.exceptionally(refused -> null).join());
                Instant now = clock.instant();
                if (first == null) {
                    first = now;
                }
                if (attempt >= policy.maxAttempts() || !policy.isRetriable(error)) {
                    return new GaveUp(Failure.of(error), attempt, first, now);
                }
                // The events handled before this one need not wait out its backoff to be durable.
                commitBatch();
                backoff(policy.backoffAfter(attempt));
            }
        }
    }

    /** Whether the event's id is marked processed, in the store or by an earlier event of the batch. */
    private boolean seen(RecordedEvent event) {
        var pending = batch.lookup(processed.key(event));
        return pending.isPresent() ? pending.get().isPresent() : processed.contains(state, event);
    }

    /**
     * A new dead letter, or the one this event already has (its checkpoint was moved back, say) with this
     * failure added, so that a replay neither duplicates it nor reopens a closed one silently as new.
     */
    private DeadLetter deadLetterFor(RecordedEvent event, GaveUp gaveUp, boolean parks) {
        return deadLetters.get(DeadLetterId.of(name, event.position()))
                .map(existing -> existing.failedAgain(gaveUp.failure(), gaveUp.attempts(), gaveUp.lastFailedAt()))
                .orElseGet(() -> DeadLetter.of(name, event, gaveUp.failure(), gaveUp.attempts(),
                        gaveUp.firstFailedAt(), gaveUp.lastFailedAt(), parks));
    }

    private void backoff(Duration wait) throws InterruptedException {
        synchronized (sleepGuard) {
            if (closed) {
                throw new InterruptedException("handler " + name + " is closing");
            }
            sleeping = Thread.currentThread();
        }
        try {
            sleeper.sleep(wait);
        } finally {
            synchronized (sleepGuard) {
                sleeping = null;
                if (closed) {
                    // Our own wake-up call must not linger on a thread that may next read a FileChannel.
                    Thread.interrupted();
                }
            }
        }
        if (closed) {
            throw new InterruptedException("handler " + name + " is closing");
        }
    }

    // ---- operators, through DeadLetters

    @Override
    public DeadLetter retry(DeadLetterId id) {
        lock.lock();
        try {
            ensureRunning();
            commitBatch();
            return retryLocked(id);
        } catch (InterruptedException e) {
            return abandoned(id);
        } catch (StoreClosed e) {
            throw released ? new SubscriberStopped(name) : e;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DeadLetter discard(DeadLetterId id) {
        lock.lock();
        try {
            ensureRunning();
            commitBatch();
            var letter = requirePending(id, "discard");
            commit(deadLetters.save(letter.withStatus(new DeadLetterStatus.Discarded(clock.instant()))));
            releaseIfBlocking(letter);
            return deadLetters.require(id);
        } catch (InterruptedException e) {
            return abandoned(id);
        } catch (StoreClosed e) {
            throw released ? new SubscriberStopped(name) : e;
        } finally {
            lock.unlock();
        }
    }

    /** An operator's request that reaches a closing runner is left to {@link DeadLetters}, for the next start. */
    private void ensureRunning() {
        if (closed) {
            throw new SubscriberStopped(name);
        }
    }

    private DeadLetter retryLocked(DeadLetterId id) throws InterruptedException {
        var letter = requirePending(id, "retry");
        var event = read(letter);
        switch (attempt(event, false)) {
            case Handled handled -> {
                var resolved = letter.withStatus(new DeadLetterStatus.Resolved(clock.instant()));
                commit(concat(handled.writes(), deadLetters.save(resolved)));
                releaseIfBlocking(letter);
            }
            case GaveUp gaveUp -> commit(deadLetters.save(
                    letter.failedAgain(gaveUp.failure(), gaveUp.attempts(), gaveUp.lastFailedAt())));
        }
        return deadLetters.require(id);
    }

    /** Closing cut a retry or a release short; what is committed stands and the rest resumes on restart. */
    private DeadLetter abandoned(DeadLetterId id) {
        if (closed) {
            throw new SubscriberStopped(name);
        }
        Thread.currentThread().interrupt();
        return deadLetters.require(id);
    }

    private DeadLetter requirePending(DeadLetterId id, String action) {
        var letter = deadLetters.require(id);
        if (!letter.status().isPending()) {
            throw new DeadLetterClosed(id, letter.status(), action);
        }
        return letter;
    }

    private void releaseIfBlocking(DeadLetter letter) throws InterruptedException {
        var blocker = parked.blockerOf(letter.streamId());
        if (blocker.isPresent() && blocker.getAsLong() == letter.position()) {
            release(letter.streamId());
        }
    }

    /**
     * Delivers a parked stream's waiting events in order. If one of them fails for good it becomes the
     * stream's new blocker and the rest keep waiting behind it.
     */
    private void release(String streamId) throws InterruptedException {
        String prefix = parked.eventsPrefix(streamId);
        while (true) {
            var page = state.scan(prefix, "", RELEASE_PAGE);
            if (page.isEmpty()) {
                commit(List.of(parked.unblock(streamId)));
                parked.released(streamId);
                return;
            }
            for (var entry : page) {
                var event = read(ParkedStreams.positionOf(entry.key()));
                var done = StateWrite.delete(entry.key());
                switch (attempt(event, false)) {
                    case Handled handled -> commit(concat(handled.writes(), List.of(done)));
                    case GaveUp gaveUp -> {
                        var letter = deadLetterFor(event, gaveUp, true);
                        commit(concat(deadLetters.save(letter),
                                List.of(done, parked.block(streamId, event.position()))));
                        parked.blocked(streamId, event.position());
                        return;
                    }
                }
            }
        }
    }

    /** Acts on what operators decided while this handler was not running, and finishes cut-short releases. */
    private void reconcile() throws InterruptedException {
        var requested = new ArrayList<DeadLetterId>();
        var query = DeadLetterQuery.pending().ofHandler(name).limit(256);
        while (true) {
            var page = deadLetters.list(query);
            for (var letter : page) {
                if (letter.status() instanceof DeadLetterStatus.RetryRequested) {
                    requested.add(letter.id());
                }
            }
            if (page.size() < 256) {
                break;
            }
            query = query.after(page.getLast().id());
        }
        for (var id : requested) {
            var after = retryLocked(id);
            LOG.log(Level.INFO, "handler {0}: retried dead letter {1} as requested while it was stopped: {2}", name, id,
                    after.status().label());
        }
        for (var blocked : parked.snapshot().entrySet()) {
            var blocker = deadLetters.get(DeadLetterId.of(name, blocked.getValue()));
            if (blocker.isEmpty() || !blocker.get().status().isPending()) {
                release(blocked.getKey());
            }
        }
    }

    private RecordedEvent read(DeadLetter letter) {
        var event = read(letter.position());
        if (!event.eventId().equals(letter.eventId())) {
            throw new IllegalStateException("dead letter " + letter.id() + " is for event " + letter.eventId()
                    + " but position " + letter.position() + " holds " + event.eventId()
                    + "; the state store belongs to another log");
        }
        return event;
    }

    private RecordedEvent read(long position) {
        var page = events.readAll(position, 1);
        if (page.isEmpty() || page.getFirst().position() != position) {
            throw new IllegalStateException("handler " + name + " needs the event at position " + position
                    + " but the log has none there; the state store belongs to another log");
        }
        return page.getFirst();
    }

    // ---- bookkeeping

    private StateWrite checkpoint(long after) {
        return Checkpoints.save(checkpointName, after);
    }

    private void commit(List<StateWrite> writes) {
        synchronized (commitGuard) {
            if (released) {
                throw new StoreClosed("handler " + name + " was closed and its name given back; nothing more is "
                        + "committed by it (what it had not committed is delivered again to the next runner)");
            }
            state.commit(writes);
        }
        if (writes.stream().anyMatch(w -> w instanceof StateWrite.Put put && put.key().equals(Checkpoints.key(checkpointName)))) {
            unflushedSkips = 0;
        }
    }

    /**
     * Commits the batch with the checkpoint past its last event, once the appends it queued are durable; only
     * then does the position move there.
     */
    private void commitBatch() throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        settle();
        if (batch.isEmpty()) {
            return;
        }
        var writes = batch.writes();
        long through = limit(batch.through(), null);
        writes.add(checkpoint(through));
        commit(writes);
        batch.clear();
        advanced(through);
    }

    /** Appends are queued only while delivering from the subscription, and never for a handler parking streams. */
    private boolean queues() {
        return !settling && !(registration.ordering() instanceof OrderingMode.ParkStream);
    }

    /** {@code through}, held back before the first refused event still waiting to be handled again, other than {@code handling}. */
    private long limit(long through, RecordedEvent handling) {
        for (var waiting : unsettled) {
            if (waiting != handling) {
                return Math.min(through, waiting.position());
            }
        }
        return through;
    }

    /**
     * Waits for the appends the batch's events queued. An event one of whose appends was refused (a rival wrote
     * to its stream first) leaves the batch with its writes and is handed to the handler again, each append
     * awaited and retried as a plain command's; the events whose appends landed keep their outcomes, so their
     * effects are not repeated. Appends of one stream are chained, so what was decided after a refused append
     * was refused with it and comes again in order.
     */
    private void settle() throws InterruptedException {
        var again = batch.awaitQueued();
        if (again.isEmpty()) {
            return;
        }
        unsettled.addAll(again);
        boolean outer = !settling;
        settling = true;
        try {
            while (!unsettled.isEmpty()) {
                deliver(unsettled.peekFirst());
                unsettled.pollFirst();
            }
        } finally {
            // Left as it is when handing them again failed: what is committed on the way out stops before them.
            if (outer) {
                settling = false;
            }
        }
    }

    private void flushSkips() {
        if (unflushedSkips > 0 && batch.isEmpty() && unsettled.isEmpty()) {
            commit(List.of(checkpoint(next)));
        }
    }

    private void advanced(long after) {
        synchronized (progress) {
            next = after;
            progress.notifyAll();
        }
    }

    private void finished(Throwable error) {
        if (error != null) {
            failed = true;
        } else {
            // Closed: commit before the name is free for another runner to start from the checkpoint.
            commitWhatIsDone();
        }
        giveBackName();
        if (error == null) {
            completion.complete(null);
        } else {
            completion.completeExceptionally(error);
        }
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /**
     * On close, the events the subscription got through before it stopped are committed, so a clean stop repeats
     * nothing. Best effort: when the lock is busy (an operator's retry, or a handler that outlived the
     * subscription's join) or the store refuses, they are redelivered on the next start instead. Never after
     * the subscription failed: another runner may own the name by then, and an older batch would overwrite it.
     */
    private void commitWhatIsDone() {
        if (!lock.tryLock()) {
            return;
        }
        try {
            if (failed) {
                batch.clear();
                return;
            }
            commitBatch();
        } catch (RuntimeException | InterruptedException e) {
            batch.clear();
        } finally {
            lock.unlock();
        }
    }

    /** From here on this runner commits nothing: a commit in flight finishes first. */
    private void giveBackName() {
        synchronized (commitGuard) {
            released = true;
        }
        ownership.close();
    }

    private static <T> List<T> concat(List<? extends T> first, List<? extends T> second) {
        var all = new ArrayList<T>(first.size() + second.size());
        all.addAll(first);
        all.addAll(second);
        return all;
    }

    // ---- RunningHandler

    @Override
    public String name() {
        return name;
    }

    @Override
    public long position() {
        return next;
    }

    @Override
    public CompletableFuture<Void> completion() {
        return completion;
    }

    @Override
    public boolean awaitPosition(long position, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (next < position && !completion.isDone()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return next >= position;
        }
    }

    @Override
    public void close() {
        synchronized (sleepGuard) {
            closed = true;
            if (sleeping != null) {
                sleeping.interrupt();
            }
        }
        var running = subscription;
        if (running != null) {
            running.close();
        }
        commitWhatIsDone();
        giveBackName();
        completion.complete(null);
        synchronized (progress) {
            progress.notifyAll();
        }
    }
}

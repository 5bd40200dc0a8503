package dev.chorus.core.projection;

import dev.chorus.core.AllReader;
import dev.chorus.core.AllSubscriber;
import dev.chorus.core.AppendResult;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.Subscription;
import dev.chorus.core.ValidationError;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.projection.internal.Applier;
import dev.chorus.core.projection.internal.CommittedView;
import dev.chorus.core.projection.internal.LiveFeed;
import dev.chorus.core.projection.internal.Namespace;
import dev.chorus.core.projection.internal.Replay;
import dev.chorus.core.projection.internal.Superseded;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Runs one projection over the global log and a state store. {@link #start} subscribes from the checkpoint: the
 * subscription catches up, then follows new events live, on its own virtual thread. Each batch of read-model writes
 * is committed together with the checkpoint after it, in one {@link StateStore#commitLazily}, so a crash between
 * batches (or inside one) makes the next start apply exactly the events whose commits it lost.
 *
 * <p>One runner per projection and state store: two would commit over each other. {@link Projections} keeps one
 * per registered name. The methods are thread-safe; {@link #start}, {@link #stop} and {@link #rebuild} run one at
 * a time.
 */
public final class ProjectionRunner<E> implements AutoCloseable {
    private final Projection<E> projection;
    private final Namespace namespace;
    private final AllReader reader;
    private final AllSubscriber subscriber;
    private final StateStore store;
    private final ProjectionConfig config;
    private final CommittedView view;

    /** Held by start, stop and rebuild for their whole run. */
    private final ReentrantLock lifecycle = new ReentrantLock();
    /** Guards the fields below; a commit holds it, so a stop or rebuild never interleaves with one. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progressed = lock.newCondition();
    private volatile long checkpoint;
    /** The checkpoint in the store as this runner last wrote or read it: behind {@link #checkpoint} after skips. */
    private long stored;
    /** A save of the skipped events' checkpoint is due: one at a time. */
    private final AtomicBoolean saveScheduled = new AtomicBoolean();
    private volatile @Nullable Thread pendingSave;
    private volatile ProjectionStatus.State state = ProjectionStatus.STOPPED;
    /** Bumped by every start, stop and rebuild; a batch from an older generation is not committed. */
    private long generation;
    private @Nullable Subscription subscription;

    private ProjectionRunner(AllReader reader, AllSubscriber subscriber, StateStore store, Projection<E> projection,
                             ProjectionConfig config) {
        this.reader = reader;
        this.subscriber = subscriber;
        this.store = store;
        this.projection = projection;
        this.config = config;
        this.namespace = new Namespace(projection.name());
        this.view = new CommittedView(namespace, store);
        this.checkpoint = namespace.loadCheckpoint(store);
        this.stored = checkpoint;
    }

    /** A stopped runner for {@code projection}, reading {@code source} and keeping its read model in {@code store}. */
    public static <E, S extends AllReader & AllSubscriber> ProjectionRunner<E> create(
            S source, StateStore store, Projection<E> projection, ProjectionConfig config) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(config, "config");
        return new ProjectionRunner<>(source, source, store, projection, config);
    }

    public String name() {
        return namespace.projection();
    }

    public Projection<E> projection() {
        return projection;
    }

    /** The next position the projection will apply; the read model reflects every event before it. */
    public long checkpoint() {
        return checkpoint;
    }

    /** Events in the log that the read model does not reflect yet: head − checkpoint. */
    public long lag() {
        long at = checkpoint;
        return Math.max(0, reader.headPosition() - at);
    }

    public ProjectionStatus status() {
        long at = checkpoint;
        return new ProjectionStatus(name(), at, reader.headPosition(), state);
    }

    /** The committed read model, as queries see it. */
    public ReadModelView view() {
        return view;
    }

    /**
     * Starts following the log from the checkpoint; returns at once. Does nothing when already running. A failed
     * projection starts again from its checkpoint, which is where it failed.
     *
     * @throws ProjectionFailed the checkpoint is beyond the log's head (the read model is not of this log); rebuild
     */
    public void start() {
        lifecycle.lock();
        try {
            startLocked();
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Stops following the log. Events applied since the last commit are dropped; the next start applies them again.
     * Events the projection wrote nothing for since then are saved as passed.
     */
    public void stop() {
        lifecycle.lock();
        try {
            stopLocked();
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Returns once the projection has applied the event at {@code position} (its checkpoint is past it), so that a
     * read of the read model sees that event: read-your-writes after an append. Waits on the projection's commits,
     * without polling.
     *
     * @throws ProjectionTimeout     the projection is running but had not got there within {@code timeout}
     * @throws ProjectionFailed      the projection failed before it got there
     * @throws ProjectionNotRunning  the projection is stopped short of it
     */
    public void awaitPosition(long position, Duration timeout) throws InterruptedException {
        if (position < 0) {
            throw new ValidationError("position", "a position is 0 or more; got " + position);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new ValidationError("timeout", "a timeout is zero or more; got " + timeout);
        }
        long nanos = saturatedNanos(timeout);
        lock.lock();
        try {
            while (checkpoint <= position) {
                switch (state) {
                    case ProjectionStatus.Failed failed -> throw failed.error();
                    case ProjectionStatus.Stopped stopped ->
                            throw new ProjectionNotRunning(name(), position, checkpoint);
                    case ProjectionStatus.Running running -> { }
                    case ProjectionStatus.Rebuilding rebuilding -> { }
                }
                if (nanos <= 0) {
                    throw new ProjectionTimeout(name(), position, checkpoint, timeout);
                }
                nanos = progressed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the projection has applied everything {@code appended} wrote. */
    public void awaitPosition(AppendResult appended, Duration timeout) throws InterruptedException {
        awaitPosition(appended.lastPosition(), timeout);
    }

    /**
     * Rebuilds the read model from position 0: stops the projection, deletes its rows and its checkpoint in one
     * commit, and replays the log up to the head as it is now, on the caller's thread, committing batch by batch.
     * A projection that was running follows the log again afterwards.
     *
     * <p>An interrupted or failed rebuild leaves a consistent read model behind (its rows match its checkpoint),
     * merely incomplete: starting the projection carries on from there.
     *
     * @param progress told where the replay is after each page read, on this thread
     * @return the final progress: every event up to the head the rebuild started at
     * @throws ProjectionFailed an event could not be applied; the projection is left failed at that event
     */
    public RebuildProgress rebuild(Consumer<RebuildProgress> progress) throws InterruptedException {
        Objects.requireNonNull(progress, "progress");
        lifecycle.lock();
        try {
            boolean wasRunning = state instanceof ProjectionStatus.Running;
            stopLocked();
            long gen = clearForRebuild();
            long total = reader.headPosition();
            try {
                progress.accept(new RebuildProgress(name(), 0, total));
                var applier = new Applier<>(projection, namespace, view, config, 0,
                        (writes, next) -> commit(gen, writes, next));
                Replay.run(reader, applier, total, at -> progress.accept(new RebuildProgress(name(), at, total)));
            } catch (ProjectionFailed failed) {
                failed(gen, failed);
                throw failed;
            } catch (InterruptedException | RuntimeException | Error e) {
                // An Error too (a projection's AssertionError, say): left rebuilding, waiters would wait it out.
                settle(gen, ProjectionStatus.STOPPED);
                throw e;
            }
            settle(gen, ProjectionStatus.STOPPED);
            if (wasRunning) {
                startLocked();
            }
            return new RebuildProgress(name(), total, total);
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Time travel: the read model as it was when the log's head was {@code position}, that is after applying every
     * event before it: exclusive, like a checkpoint, so {@code stateAt(checkpoint())} is the live read model. Replays
     * the log from 0 into a scratch in-memory store (the live read model is untouched), so it costs a replay and
     * memory for the whole read model.
     *
     * @throws ValidationError  the position is negative or beyond the head
     * @throws ProjectionFailed an event before the position could not be applied
     */
    public ReadModelView stateAt(long position) throws InterruptedException {
        long head = reader.headPosition();
        if (position < 0 || position > head) {
            throw new ValidationError("position", "a position to travel to is between 0 and the head (" + head
                    + "); got " + position);
        }
        return replayInto(position, event -> false);
    }

    private ReadModelView replayInto(long to, Predicate<RecordedEvent> stopAt) throws InterruptedException {
        var scratch = new InMemoryStateStore();
        var scratchView = new CommittedView(namespace, scratch);
        var applier = new Applier<>(projection, namespace, scratchView, config, 0,
                (writes, next) -> scratch.commit(writes));
        Replay.run(reader, applier, to, stopAt, at -> { });
        return scratchView;
    }

    /**
     * Time travel to an instant: the read model with every event recorded at or before {@code instant}, replayed
     * from 0 and stopping at the first event recorded after it (should a clock have stepped back, a later event
     * claiming an earlier time is not applied past one it came after). Same cost as {@link #stateAt(long)}.
     */
    public ReadModelView stateAt(Instant instant) throws InterruptedException {
        Objects.requireNonNull(instant, "instant");
        return replayInto(reader.headPosition(), event -> event.recordedAt().isAfter(instant));
    }

    /** Stops the projection. The source and the state store stay open: they belong to the caller. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "ProjectionRunner[" + name() + " at " + checkpoint + ", " + state + "]";
    }

    private void startLocked() {
        long gen;
        long from;
        lock.lock();
        try {
            if (state instanceof ProjectionStatus.Running) {
                return;
            }
            gen = ++generation;
            // Read again: the store, not this object, is the truth about where the read model stands.
            from = namespace.loadCheckpoint(store);
            checkpoint = from;
            stored = from;
            long head = reader.headPosition();
            if (from > head) {
                var ahead = ProjectionFailed.aheadOfLog(name(), from, head);
                state = new ProjectionStatus.Failed(ahead);
                progressed.signalAll();
                throw ahead;
            }
            state = ProjectionStatus.RUNNING;
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
        var applier = new Applier<>(projection, namespace, view, config, from,
                (writes, next) -> commit(gen, writes, next), next -> skipped(gen, next));
        Subscription started;
        try {
            started = subscriber.subscribe(from, new LiveFeed(applier, reader, failure -> failed(gen, failure)));
        } catch (RuntimeException e) {
            settle(gen, ProjectionStatus.STOPPED);
            throw e;
        }
        lock.lock();
        try {
            if (generation == gen) {
                subscription = started;
            }
        } finally {
            lock.unlock();
        }
        started.completion().whenComplete((ok, error) -> ended(gen, error));
    }

    private void stopLocked() {
        Subscription running;
        lock.lock();
        try {
            generation++;
            var save = pendingSave;
            if (save != null) {
                save.interrupt();
            }
            running = subscription;
            subscription = null;
            if (!(state instanceof ProjectionStatus.Failed)) {
                state = ProjectionStatus.STOPPED;
            }
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
        // Outside the lock: closing joins the subscription thread, which may be waiting for the lock to commit.
        if (running != null) {
            running.close();
            saveSkipped();
        }
    }

    /**
     * Commits the checkpoint past events that wrote nothing, so that the next start does not read them again. Best
     * effort: should the store refuse, the next start reads them again and again writes nothing.
     */
    private void saveSkipped() {
        lock.lock();
        try {
            if (checkpoint > stored) {
                store.commitLazily(List.of(Checkpoints.save(namespace.checkpointName(), checkpoint)));
                stored = checkpoint;
            }
        } catch (RuntimeException e) {
            // nothing lost: see above
        } finally {
            lock.unlock();
        }
    }

    /** Deletes the rows and the checkpoint together; returns the rebuild's generation. */
    private long clearForRebuild() {
        lock.lock();
        try {
            long gen = ++generation;
            store.commit(List.of(StateWrite.deletePrefix(namespace.prefix()),
                    StateWrite.delete(namespace.checkpointKey())));
            checkpoint = 0;
            stored = 0;
            state = ProjectionStatus.REBUILDING;
            progressed.signalAll();
            return gen;
        } finally {
            lock.unlock();
        }
    }

    private void commit(long gen, List<StateWrite> writes, long next) {
        lock.lock();
        try {
            if (generation != gen) {
                throw new Superseded();
            }
            // Lazily: the read model and its checkpoint are rebuilt from the log, so a crash that loses this commit
            // only makes the next start apply its events again; a synced commit of anyone's makes it durable.
            store.commitLazily(writes);
            checkpoint = next;
            stored = next;
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Events that wrote nothing took the read model to {@code next} without a commit: it reflects them as it is. The
     * stored checkpoint stays behind until the next commit, a stop, or {@link ProjectionConfig#saveSkippedAfter()}
     * later (after a crash, the next start reads them again and again writes nothing), which saves a state commit per
     * projection for every event it does not care about.
     */
    private void skipped(long gen, long next) {
        lock.lock();
        try {
            if (generation != gen) {
                throw new Superseded();
            }
            checkpoint = next;
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
        if (saveScheduled.compareAndSet(false, true)) {
            pendingSave = Thread.ofVirtual().name("chorus-projection-save-" + name()).start(() -> saveSkippedLater(gen));
        }
    }

    /**
     * Saves what {@code gen} skipped, unless it stopped meanwhile: the stop saved it (or failed to, and the next
     * start reads those events again), and the store may be another runner's by now, whose checkpoint this one's
     * must never overwrite.
     */
    private void saveSkippedLater(long gen) {
        try {
            Thread.sleep(config.saveSkippedAfter());
        } catch (InterruptedException stopped) {
            // the generation has moved on: nothing to save
        } finally {
            saveScheduled.set(false);
        }
        lock.lock();
        try {
            if (generation == gen && state instanceof ProjectionStatus.Running) {
                saveSkipped();
            }
        } finally {
            lock.unlock();
        }
    }

    private void failed(long gen, ProjectionFailed failure) {
        settle(gen, new ProjectionStatus.Failed(failure));
    }

    private void settle(long gen, ProjectionStatus.State settled) {
        lock.lock();
        try {
            if (generation == gen) {
                state = settled;
                saveSkipped();
                progressed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The subscription ended without a stop: the log closed or failed under it, or the projection failed. */
    private void ended(long gen, @Nullable Throwable error) {
        lock.lock();
        try {
            if (generation != gen || !(state instanceof ProjectionStatus.Running)) {
                return;
            }
            Throwable cause = error instanceof CompletionException wrapped && wrapped.getCause() != null
                    ? wrapped.getCause() : error;
            state = switch (cause) {
                case null -> ProjectionStatus.STOPPED;
                case ProjectionFailed failed -> new ProjectionStatus.Failed(failed);
                default -> new ProjectionStatus.Failed(ProjectionFailed.atSource(name(), checkpoint, cause));
            };
            subscription = null;
            // The read model reflects the events that wrote nothing up to here, failure or not.
            saveSkipped();
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static long saturatedNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}

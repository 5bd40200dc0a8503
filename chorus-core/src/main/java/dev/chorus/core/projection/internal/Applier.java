package dev.chorus.core.projection.internal;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.projection.Projection;
import dev.chorus.core.projection.ProjectionConfig;
import dev.chorus.core.projection.ProjectionFailed;
import dev.chorus.core.state.StateWrite;
import java.util.List;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Applies events in position order to a {@link Batch} and hands each full batch, with the checkpoint after it, to
 * one atomic commit. The same code feeds a live subscription, a rebuild and a time-travel replay.
 */
public final class Applier<E> {
    /** Commits a batch's writes, which end with the checkpoint {@code nextPosition}, all or none. */
    @FunctionalInterface
    public interface Commit {
        void commit(List<StateWrite> writes, long nextPosition);
    }

    private final Projection<E> projection;
    private final EventCodec<E> codec;
    private final String name;
    private final Batch batch;
    private final int batchSize;
    private final Commit commit;
    private final @Nullable LongConsumer skipped;
    private long committed;
    private long next;
    private int count;

    /**
     * Events a projection writes nothing for (most of a log, for most projections) commit their checkpoint only
     * every this many positions: the read model is the same before and after them.
     */
    public static final int SKIPPED_PER_COMMIT = 256;

    public Applier(Projection<E> projection, Namespace namespace, CommittedView committedRows,
                   ProjectionConfig config, long from, Commit commit) {
        this(projection, namespace, committedRows, config, from, commit, null);
    }

    /**
     * @param skipped told the position after a batch that wrote nothing, instead of a commit of it, until
     *                {@link #SKIPPED_PER_COMMIT} positions have passed since the last commit; null commits every
     *                batch
     */
    public Applier(Projection<E> projection, Namespace namespace, CommittedView committedRows,
                   ProjectionConfig config, long from, Commit commit, @Nullable LongConsumer skipped) {
        this.projection = projection;
        this.codec = projection.codec();
        this.name = namespace.projection();
        this.batch = new Batch(namespace, committedRows, config.rememberBytes());
        this.batchSize = config.batchSize();
        this.commit = commit;
        this.skipped = skipped;
        this.committed = from;
        this.next = from;
    }

    /** The position of the next event to apply. */
    public long next() {
        return next;
    }

    public boolean hasPending() {
        return count > 0;
    }

    /**
     * Applies one event, committing when the batch is full.
     *
     * @throws ProjectionFailed the event failed (the events before it are committed first) or a commit failed
     */
    public void apply(RecordedEvent event) {
        if (event.position() != next) {
            // A subscription from the checkpoint is dense; anything else would skip or repeat an event.
            throw ProjectionFailed.atSource(name, committed, new IllegalStateException("the log delivered position "
                    + event.position() + " where " + next + " was next"));
        }
        batch.beginEvent();
        if (codec.knows(event.type().name())) {
            try {
                projection.apply(codec.decode(event), event, batch);
            } catch (Exception e) {
                batch.undoEvent();
                try {
                    flush();
                } catch (ProjectionFailed commitFailed) {
                    commitFailed.addSuppressed(e);
                    throw commitFailed;
                }
                throw ProjectionFailed.atEvent(name, event.position(), event.type(), e);
            }
        }
        next = event.position() + 1;
        if (++count >= batchSize) {
            flush();
        }
    }

    /** Commits the pending batch, if any; one that wrote nothing may only move the position (see the constructor). */
    public void flush() {
        if (count == 0) {
            return;
        }
        if (skipped != null && !batch.hasWrites() && next - committed < SKIPPED_PER_COMMIT) {
            count = 0;
            skipped.accept(next);
            return;
        }
        var writes = batch.writes(next);
        count = 0;
        try {
            commit.commit(writes, next);
        } catch (Superseded superseded) {
            batch.clear();
            throw superseded;
        } catch (RuntimeException e) {
            batch.clear();
            throw ProjectionFailed.atCommit(name, committed, next, e);
        }
        batch.committed();
        committed = next;
    }
}

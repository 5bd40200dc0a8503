package dev.chorus.log;

import dev.chorus.core.AppendPreparation;
import dev.chorus.core.AppendResult;
import dev.chorus.core.EventStore;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.QueuedAppender;
import dev.chorus.core.ReadDirection;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StoreClosed;
import dev.chorus.core.StreamIds;
import dev.chorus.core.Subscription;
import dev.chorus.core.SubscriptionFilter;
import dev.chorus.core.SubscriptionHandler;
import dev.chorus.core.ValidationError;
import dev.chorus.core.internal.CatchUpSubscription;
import dev.chorus.core.internal.HeadSignal;
import dev.chorus.log.internal.DirLock;
import dev.chorus.log.internal.FrameCodec;
import dev.chorus.log.internal.GroupCommitWriter;
import dev.chorus.log.internal.LogReader;
import dev.chorus.log.internal.MemIndex;
import dev.chorus.log.internal.Recovery;
import dev.chorus.log.internal.SealedIndex;
import dev.chorus.log.internal.Segment;
import dev.chorus.log.internal.Throttle;
import dev.chorus.log.internal.View;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Chorus's embedded durable log: an {@link EventStore} in a local directory of CRC32C-framed segment
 * files, written by one group-commit writer that fsyncs before it acknowledges.
 */
public final class EmbeddedLog implements EventStore, QueuedAppender {
    private static final Logger LOG = Logger.getLogger("dev.chorus.log");
    private final LogConfig config;
    private final AppendPreparation preparation;
    private final DirLock lock;
    private final RecoveryReport recovery;
    private final HeadSignal signal;
    private final LogReader reader;
    private final GroupCommitWriter writer;
    private final ExecutorService sealer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("chorus-log-sealer").daemon(true).factory());
    private volatile List<Segment> segments;
    private volatile long head;
    private volatile boolean closed;

    private EmbeddedLog(LogConfig config, DirLock lock) {
        this.config = config;
        this.lock = lock;
        this.preparation = new AppendPreparation(config.limits(), config.clock());
        var opened = Recovery.open(config.dataDir());
        this.segments = List.copyOf(opened.segments());
        this.head = opened.head();
        this.recovery = new RecoveryReport(opened.segments().size(), opened.head(), opened.tornTail(),
                opened.truncatedBytes(), opened.rebuiltIndexes());
        this.signal = new HeadSignal(opened.head());
        this.reader = new LogReader(this::view);
        boolean fsync = config.fsync() instanceof FsyncPolicy.Always;
        this.writer = new GroupCommitWriter(fsync, config.segmentBytes(), segments.getLast(), opened.activeIndex(),
                opened.activeSize(), opened.head(), reader, this::roll, this::publish);
    }

    /** Head first: every position below a head read here lies in a segment of the list read after it. */
    private View view() {
        long h = head;
        return new View(segments, h);
    }

    private void publish(long newHead) {
        head = newHead;
        signal.advance(newHead);
    }

    /**
     * Opens (or creates) the log in {@code config.dataDir()}, recovering it: a torn tail is truncated,
     * damage elsewhere refuses to open with {@link LogCorrupted}, and a second writer gets {@link LogLocked}.
     */
    public static EmbeddedLog open(LogConfig config) {
        Objects.requireNonNull(config, "config");
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + config.dataDir(), e);
        }
        var lock = DirLock.acquire(config.dataDir());
        try {
            return new EmbeddedLog(config, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** What opening this log found and repaired. */
    public RecoveryReport recovery() {
        return recovery;
    }

    /** How the writer has grouped appends and what fsync cost, since this log was opened. */
    public WriterStats writerStats() {
        return writer.stats();
    }

    public LogConfig config() {
        return config;
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        ensureOpen();
        var prepared = preparation.prepareForEncoding(streamId, expected, events);
        byte[] frame = FrameCodec.encode(streamId, prepared.events(), prepared.recordedAt(), config.clock());
        return writer.append(new GroupCommitWriter.Append(streamId, expected, frame));
    }

    /**
     * Fixes the append's place in the log's order and returns at once; its future completes once the events
     * are durable (as {@link #append} would return) or refused. Readers see them only then.
     */
    @Override
    public CompletableFuture<AppendResult> appendQueued(String streamId, ExpectedVersion expected,
                                                        List<NewEvent> events,
                                                        Optional<CompletableFuture<AppendResult>> after) {
        ensureOpen();
        var prepared = preparation.prepareForEncoding(streamId, expected, events);
        byte[] frame = FrameCodec.encode(streamId, prepared.events(), prepared.recordedAt(), config.clock());
        return writer.appendQueued(GroupCommitWriter.Append.queued(streamId, expected, frame, after));
    }

    @Override
    public List<RecordedEvent> readStream(String streamId, ReadDirection direction, long fromVersion, int maxCount) {
        ensureOpen();
        StreamIds.validate(streamId, config.limits().maxStreamIdLength());
        checkPaging("fromVersion", fromVersion, maxCount);
        return reader.readStream(streamId, fromVersion, direction == ReadDirection.FORWARD, maxCount);
    }

    @Override
    public long streamVersion(String streamId) {
        ensureOpen();
        StreamIds.validate(streamId, config.limits().maxStreamIdLength());
        return reader.lastVersion(streamId);
    }

    @Override
    public List<RecordedEvent> readAll(long fromPosition, int maxCount) {
        ensureOpen();
        checkPaging("fromPosition", fromPosition, maxCount);
        return reader.readAll(fromPosition, maxCount);
    }

    @Override
    public long headPosition() {
        return head;
    }

    @Override
    public Subscription subscribe(long fromPosition, SubscriptionFilter filter, SubscriptionHandler handler) {
        ensureOpen();
        return CatchUpSubscription.start(this, signal, fromPosition, filter, handler);
    }

    /** Stops appends, waits for queued ones, and releases the directory. Running subscriptions end. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.close();
        sealer.close(); // waits for the last index to be written
        signal.close();
        segments.forEach(Segment::close);
        lock.close();
    }

    /**
     * The successor exists before the index seals its predecessor, so a sealed last segment means a lost file.
     * The index is written by the sealer thread, so that appends go on meanwhile: until it is done, readers use
     * the segment's index in memory, and a crash before it is written only makes the next open rebuild it.
     */
    private Segment roll(Segment active, long size, MemIndex mem, long nextPosition) {
        var dir = config.dataDir();
        var file = Recovery.create(dir, nextPosition);
        var next = new Segment(nextPosition, file, new MemIndex(), 0);
        var grown = new ArrayList<>(segments);
        grown.add(next);
        segments = List.copyOf(grown);
        sealer.execute(() -> {
            try {
                active.seal(SealedIndex.write(dir.resolve(Segment.indexName(active.firstPosition())),
                        active.firstPosition(), nextPosition, size, mem, Throttle.half()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not write the index of " + active.path()
                        + "; reads use the index in memory, and the next open rebuilds it", e);
            }
        });
        return next;
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreClosed("this log is closed; open it again");
        }
    }

    private static void checkPaging(String field, long from, int maxCount) {
        if (from < 0) {
            throw new ValidationError(field, field + " is 0 or more; got " + from);
        }
        if (maxCount <= 0) {
            throw new ValidationError("maxCount", "maxCount is 1 or more; got " + maxCount);
        }
    }
}

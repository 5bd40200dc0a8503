package dev.chorus.log.state;

import dev.chorus.core.StoreClosed;
import dev.chorus.core.ValidationError;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateKeys;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import dev.chorus.log.internal.DirLock;
import dev.chorus.log.FsyncPolicy;
import dev.chorus.log.state.internal.CommitWriter;
import dev.chorus.log.state.internal.Commits;
import dev.chorus.log.state.internal.Opening;
import dev.chorus.log.state.internal.StateMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * Chorus's durable {@link StateStore}, in a directory of its own: every commit is one CRC32C-framed record of an
 * append-only journal, fsync'd before {@link #commit} returns (concurrent commits share the fsync); the whole state
 * is held in memory, mostly as sorted runs of bytes rather than objects ({@code StateMap}), rebuilt on open from the
 * newest snapshot and the journal after it. Past
 * {@link StateStoreConfig#compactAfterBytes()} of journal, the map is written to a new snapshot and a new journal
 * begins, so opening replays a bounded journal. Everything is in memory: this suits read models, checkpoints and
 * saga state that fit the heap, not bulk data.
 *
 * <p>Keys, values and order are the port's: keys of 1 to {@link StateStore#MAX_KEY_BYTES} UTF-8 bytes in code point
 * order, values up to {@link #MAX_VALUE_BYTES}, commits up to {@link StateStoreConfig#maxCommitBytes()} encoded.
 */
public final class EmbeddedStateStore implements StateStore {
    /** Largest value, in bytes (16 MiB), as in every Chorus state store. */
    public static final int MAX_VALUE_BYTES = Commits.MAX_VALUE_BYTES;

    private final StateStoreConfig config;
    private final DirLock dirLock;
    private final StateRecovery recovery;
    private final ReadWriteLock lock;
    private final StateMap map;
    private final CommitWriter writer;
    private volatile boolean closed;

    private EmbeddedStateStore(StateStoreConfig config, DirLock dirLock, Opening.Opened opened) {
        this.config = config;
        this.dirLock = dirLock;
        this.recovery = opened.report();
        this.map = opened.map();
        this.lock = map.lock();
        this.writer = new CommitWriter(config.dir(), config.fsync() instanceof FsyncPolicy.Always,
                config.compactAfterBytes(), opened.journal(), recovery.journalBytes(), map);
    }

    /**
     * Opens (or creates) the store in {@code config.dir()}, recovering it: a torn journal tail is truncated, damage
     * anywhere else refuses to open with {@link StateStoreCorrupted}, and a second writer gets
     * {@link StateStoreLocked}.
     */
    public static EmbeddedStateStore open(StateStoreConfig config) {
        Objects.requireNonNull(config, "config");
        try {
            Files.createDirectories(config.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + config.dir(), e);
        }
        var dirLock = DirLock.acquire(config.dir(), StateStoreLocked::new);
        Opening.Opened opened = null;
        try {
            opened = Opening.open(config.dir(), config.fsync() instanceof FsyncPolicy.Always);
            return new EmbeddedStateStore(config, dirLock, opened);
        } catch (RuntimeException | Error e) {
            if (opened != null) {
                opened.map().close();
                opened.journal().close();
            }
            dirLock.close();
            throw e;
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        StateKeys.check("key", key);
        lock.readLock().lock();
        try {
            ensureOpen();
            return Optional.ofNullable(map.get(key));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<StateEntry> scan(String prefix, String afterKey, int limit) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(afterKey, "afterKey");
        if (!prefix.isEmpty()) {
            StateKeys.check("prefix", prefix);
        }
        if (!afterKey.isEmpty()) {
            StateKeys.check("afterKey", afterKey);
        }
        if (limit <= 0) {
            throw new ValidationError("limit", "limit is 1 or more; got " + limit);
        }
        lock.readLock().lock();
        try {
            ensureOpen();
            var page = new ArrayList<StateEntry>(Math.min(limit, 256));
            var cursor = InMemoryStateStore.KEY_ORDER.compare(afterKey, prefix) >= 0
                    ? map.from(afterKey, false) : map.from(prefix, true);
            byte[] prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
            while (page.size() < limit && cursor.next() && cursor.keyStartsWith(prefixBytes)) {
                page.add(new StateEntry(new String(cursor.key(), StandardCharsets.UTF_8), cursor.value()));
            }
            return page;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Returns once the commit is in the journal (fsync'd, unless the policy says otherwise) and readable. */
    @Override
    public long maxCommitBytes() {
        return config.maxCommitBytes();
    }

    @Override
    public void commit(List<StateWrite> writes) {
        var prepared = Commits.prepare(writes, config.maxCommitBytes());
        ensureOpen();
        if (prepared.writes().isEmpty()) {
            return;
        }
        writer.commit(prepared);
    }

    /**
     * Applied and visible when it returns; journaled with the next commit that syncs (a {@link #commit} or
     * {@link #commitIf} of anyone), or after at most {@link CommitWriter#LAZY_NANOS}, or at a compaction or close,
     * whichever comes first. Until then it is in no file, so a crash loses it whole and never leaves a part of it.
     */
    @Override
    public void commitLazily(List<StateWrite> writes) {
        var prepared = Commits.prepare(writes, config.maxCommitBytes());
        ensureOpen();
        if (prepared.writes().isEmpty()) {
            return;
        }
        writer.commitLazily(prepared);
    }

    @Override
    public void commitIf(String key, byte[] expected, List<StateWrite> writes) {
        StateKeys.check("key", key);
        Objects.requireNonNull(expected, "expected");
        var prepared = Commits.prepare(writes, config.maxCommitBytes());
        ensureOpen();
        writer.commitIf(prepared, key, expected.clone());
    }

    /** What opening found: snapshot, journals replayed, a torn tail truncated. */
    public StateRecovery recovery() {
        return recovery;
    }

    public StateStoreStats stats() {
        return writer.stats();
    }

    public StateStoreConfig config() {
        return config;
    }

    /** Finishes the commits already queued, waits for a running compaction, and releases the directory. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            writer.close();
        } finally {
            map.close();
            dirLock.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreClosed("this state store is closed");
        }
        // Answering from memory after the journal failed would serve state a reopen may not have.
        writer.ensureRunning();
    }
}

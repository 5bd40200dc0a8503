package dev.chorus.core.memory;

import dev.chorus.core.LimitExceeded;
import dev.chorus.core.StoreClosed;
import dev.chorus.core.ValidationError;
import dev.chorus.core.state.StateConflict;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateKeys;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * The reference {@link StateStore}, held in memory: for tests, examples and scratch read models, not durable.
 * Passes the same conformance kit as the durable stores.
 *
 * <p>Rules every write is checked against before anything is applied: a key (and a {@code DeletePrefix}
 * prefix) is 1 to {@link StateStore#MAX_KEY_BYTES} UTF-8 bytes of well-formed UTF-16 (a lone surrogate has no
 * UTF-8 form, so a durable store could not keep it); a value is at most {@link #MAX_VALUE_BYTES}. Keys sort by
 * Unicode code point, which is also UTF-8 byte order, so a store keyed on bytes pages the same way.
 *
 * <p>Values live in a hash map and the keys, in order, in a sorted set beside it that changes only when a key is
 * added or removed: a read model mostly rewrites rows it has, and an update then costs a hash put instead of a
 * walk down a tree comparing long keys that share a prefix. Readers and committers share one read-write lock, so
 * a read or scan sees every commit whole or not at all.
 */
public final class InMemoryStateStore implements StateStore {
    /** Largest value, in bytes (16 MiB). Larger state belongs in several keys. */
    public static final int MAX_VALUE_BYTES = 16 << 20;

    /**
     * Unicode code point order over well-formed strings. {@link String#compareTo} compares UTF-16 units, which
     * puts U+10000 and above before U+E000–U+FFFF; UTF-8 bytes (and every byte-keyed store) do not.
     */
    public static final Comparator<String> KEY_ORDER = InMemoryStateStore::compareCodePoints;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** Every entry; the keys are the same instances as in {@link #order}. */
    private final HashMap<String, byte[]> values = new HashMap<>();
    /** The keys of {@link #values} in {@link #KEY_ORDER}, for scans. */
    private final TreeSet<String> order = new TreeSet<>(KEY_ORDER);
    private volatile boolean closed;

    @Override
    public Optional<byte[]> get(String key) {
        StateKeys.check("key", key);
        lock.readLock().lock();
        try {
            ensureOpen();
            // Copied out: the caller may scribble on what it gets without changing the store.
            byte[] value = values.get(key);
            return value == null ? Optional.empty() : Optional.of(value.clone());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<StateEntry> scan(String prefix, String afterKey, int limit) {
        checkScan(prefix, afterKey, limit);
        lock.readLock().lock();
        try {
            ensureOpen();
            var page = new ArrayList<StateEntry>(Math.min(limit, 256));
            var from = KEY_ORDER.compare(afterKey, prefix) >= 0 ? order.tailSet(afterKey, false)
                    : order.tailSet(prefix, true);
            for (String key : from) {
                if (page.size() == limit || !key.startsWith(prefix)) {
                    break;
                }
                page.add(new StateEntry(key, values.get(key).clone()));
            }
            return page;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void commit(List<StateWrite> writes) {
        commit(null, null, writes);
    }

    @Override
    public void commitIf(String key, byte[] expected, List<StateWrite> writes) {
        StateKeys.check("key", key);
        commit(key, Objects.requireNonNull(expected, "expected").clone(), writes);
    }

    private void commit(@Nullable String key, byte @Nullable [] expected, List<StateWrite> writes) {
        Objects.requireNonNull(writes, "writes");
        // Checked and copied before the lock: a bad write anywhere in the list leaves the store untouched, and
        // the caller may reuse its arrays once this returns.
        var checked = writes.toArray(StateWrite[]::new);
        var copies = validate(checked);
        lock.writeLock().lock();
        try {
            ensureOpen();
            if (key != null && !Arrays.equals(values.get(key), expected)) {
                throw new StateConflict(key);
            }
            for (int i = 0; i < checked.length; i++) {
                switch (checked[i]) {
                    case StateWrite.Put put -> {
                        if (values.put(put.key(), copies[i]) == null) {
                            order.add(put.key());
                        }
                    }
                    case StateWrite.Delete delete -> {
                        if (values.remove(delete.key()) != null) {
                            order.remove(delete.key());
                        }
                    }
                    case StateWrite.DeletePrefix deletePrefix -> removePrefix(deletePrefix.prefix());
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private void removePrefix(String prefix) {
        var range = order.tailSet(prefix, true).iterator();
        while (range.hasNext()) {
            String key = range.next();
            if (!key.startsWith(prefix)) {
                break;
            }
            range.remove();
            values.remove(key);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreClosed("this in-memory state store is closed");
        }
    }

    /** Checks every write; returns a copy of each {@code Put}'s value at its index (null for the others). */
    private static byte[][] validate(StateWrite[] writes) {
        var copies = new byte[writes.length][];
        for (int i = 0; i < writes.length; i++) {
            if (writes[i] == null) {
                throw new NullPointerException("writes[" + i + "]");
            }
            switch (writes[i]) {
                case StateWrite.Put put -> {
                    StateKeys.check(i, "key", put.key());
                    if (put.value().length > MAX_VALUE_BYTES) {
                        throw new LimitExceeded("writes[" + i + "].value bytes", MAX_VALUE_BYTES, put.value().length);
                    }
                    copies[i] = put.value().clone();
                }
                case StateWrite.Delete delete -> StateKeys.check(i, "key", delete.key());
                // An empty prefix would wipe every namespace, checkpoints included: never what a rebuild means.
                case StateWrite.DeletePrefix deletePrefix -> StateKeys.check(i, "prefix", deletePrefix.prefix());
            }
        }
        return copies;
    }

    private static void checkScan(String prefix, String afterKey, int limit) {
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
    }

    private static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return codePointRank(x) - codePointRank(y);
            }
        }
        return a.length() - b.length();
    }

    /**
     * At the first differing unit of two well-formed strings, moving surrogates above U+E000–U+FFFF makes unit
     * order agree with code point order (both differ at a lead surrogate, or neither is one).
     */
    private static int codePointRank(char c) {
        if (c < 0xD800) {
            return c;
        }
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
}

package dev.chorus.core.memory;

import dev.chorus.core.LimitExceeded;
import dev.chorus.core.StoreClosed;
import dev.chorus.core.ValidationError;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateKeys;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The reference {@link StateStore}, held in a sorted map: for tests and examples, not durable. Passes the
 * same conformance kit as the durable stores.
 *
 * <p>Rules every write is checked against before anything is applied: a key (and a {@code DeletePrefix}
 * prefix) is 1 to {@link StateStore#MAX_KEY_BYTES} UTF-8 bytes of well-formed UTF-16 (a lone surrogate has no
 * UTF-8 form, so a durable store could not keep it); a value is at most {@link #MAX_VALUE_BYTES}. Keys sort by
 * Unicode code point, which is also UTF-8 byte order, so a store keyed on bytes pages the same way.
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
    private final TreeMap<String, byte[]> entries = new TreeMap<>(KEY_ORDER);
    private volatile boolean closed;

    @Override
    public Optional<byte[]> get(String key) {
        StateKeys.check("key", key);
        lock.readLock().lock();
        try {
            ensureOpen();
            // Copied out: the caller may scribble on what it gets without changing the store.
            return Optional.ofNullable(entries.get(key)).map(byte[]::clone);
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
            var from = KEY_ORDER.compare(afterKey, prefix) >= 0 ? entries.tailMap(afterKey, false)
                    : entries.tailMap(prefix, true);
            for (Map.Entry<String, byte[]> entry : from.entrySet()) {
                if (page.size() == limit || !entry.getKey().startsWith(prefix)) {
                    break;
                }
                page.add(new StateEntry(entry.getKey(), entry.getValue().clone()));
            }
            return page;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void commit(List<StateWrite> writes) {
        // Copied and checked before the lock: a bad write anywhere in the list leaves the store untouched.
        var checked = validate(writes);
        lock.writeLock().lock();
        try {
            ensureOpen();
            for (StateWrite write : checked) {
                switch (write) {
                    case StateWrite.Put put -> entries.put(put.key(), put.value());
                    case StateWrite.Delete delete -> entries.remove(delete.key());
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
        var range = entries.tailMap(prefix, true).entrySet().iterator();
        while (range.hasNext() && range.next().getKey().startsWith(prefix)) {
            range.remove();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreClosed("this in-memory state store is closed");
        }
    }

    private static List<StateWrite> validate(List<StateWrite> writes) {
        Objects.requireNonNull(writes, "writes");
        var checked = new ArrayList<StateWrite>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            var write = Objects.requireNonNull(writes.get(i), "writes[" + i + "]");
            checked.add(switch (write) {
                case StateWrite.Put put -> {
                    StateKeys.check("writes[" + i + "].key", put.key());
                    if (put.value().length > MAX_VALUE_BYTES) {
                        throw new LimitExceeded("writes[" + i + "].value bytes", MAX_VALUE_BYTES, put.value().length);
                    }
                    yield new StateWrite.Put(put.key(), put.value().clone());
                }
                case StateWrite.Delete delete -> {
                    StateKeys.check("writes[" + i + "].key", delete.key());
                    yield delete;
                }
                case StateWrite.DeletePrefix deletePrefix -> {
                    // An empty prefix would wipe every namespace, checkpoints included: never what a rebuild means.
                    StateKeys.check("writes[" + i + "].prefix", deletePrefix.prefix());
                    yield deletePrefix;
                }
            });
        }
        return checked;
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

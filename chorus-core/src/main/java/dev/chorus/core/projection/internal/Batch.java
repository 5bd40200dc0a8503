package dev.chorus.core.projection.internal;

import dev.chorus.core.ValidationError;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.projection.ReadModel;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateWrite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The writes of the events applied since the last commit, laid over the committed rows so that an event sees what
 * the events before it wrote. Each event can be undone on its own, so a failing event leaves the writes of the
 * events before it to be committed.
 *
 * <p>Pending rows are kept by relative key in a hash map (a projection mostly reads and writes single rows); a scan
 * sorts the few pending keys under its prefix and merges them with the store's page. Committed rows read or written
 * are remembered, up to a budget of bytes, so that a row updated by event after event is read from the store once:
 * the runner is the only writer of its namespace while this batch lives, so what it remembers stays true. Confined
 * to one thread.
 */
public final class Batch implements ReadModel {
    /** Marks a deleted row; compared by identity, and no caller's array is ever this one (values are copied in). */
    private static final byte[] TOMBSTONE = new byte[0];
    private static final int MIN_STORE_PAGE = 64;

    /** What a remembered row costs beyond its key's chars and its value's bytes: map entry, array and string headers. */
    private static final int ROW_OVERHEAD = 96;

    private final Namespace namespace;
    private final CommittedView committed;
    private final long rememberBytes;
    /** Committed rows by relative key: a value, or {@link #TOMBSTONE} for a row known to be absent. */
    private final HashMap<String, byte[]> remembered = new HashMap<>();
    private long rememberedBytes;
    private final HashMap<String, byte[]> pending = new HashMap<>();
    /** Prefixes cleared in this batch, in order; a pending row written after a clear is in {@link #pending}. */
    private final ArrayList<String> cleared = new ArrayList<>();
    /** How to undo the current event's writes, oldest first. */
    private final ArrayList<Undo> undo = new ArrayList<>();

    private sealed interface Undo {
        /** Put {@code previous} back as the key's pending value, or remove the key when it had none. */
        record Restore(String key, byte @Nullable [] previous) implements Undo {}

        /** Drop the last cleared prefix. */
        record Unclear() implements Undo {}
    }

    /** @param rememberBytes how much of the committed rows to keep in memory between batches; 0 keeps none */
    public Batch(Namespace namespace, CommittedView committed, long rememberBytes) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.committed = Objects.requireNonNull(committed, "committed");
        this.rememberBytes = rememberBytes;
    }

    /** Starts an event: what it writes from here on can be undone by {@link #undoEvent}. */
    public void beginEvent() {
        undo.clear();
    }

    /** Takes back every write since {@link #beginEvent}. */
    public void undoEvent() {
        for (int i = undo.size() - 1; i >= 0; i--) {
            switch (undo.get(i)) {
                case Undo.Restore restore -> {
                    if (restore.previous() == null) {
                        pending.remove(restore.key());
                    } else {
                        pending.put(restore.key(), restore.previous());
                    }
                }
                case Undo.Unclear unclear -> cleared.removeLast();
            }
        }
        undo.clear();
    }

    public boolean hasWrites() {
        return !pending.isEmpty() || !cleared.isEmpty();
    }

    /** The state-store writes of this batch followed by the checkpoint, for one atomic commit. */
    public List<StateWrite> writes(long nextPosition) {
        var writes = new ArrayList<StateWrite>(cleared.size() + pending.size() + 1);
        // Clears first: every pending row was written after the clears that cover it (a clear drops older ones).
        for (String prefix : cleared) {
            writes.add(StateWrite.deletePrefix(namespace.key(prefix)));
        }
        for (Map.Entry<String, byte[]> row : pending.entrySet()) {
            String key = namespace.key(row.getKey());
            writes.add(row.getValue() == TOMBSTONE ? StateWrite.delete(key) : StateWrite.put(key, row.getValue()));
        }
        writes.add(Checkpoints.save(namespace.checkpointName(), nextPosition));
        return writes;
    }

    /** The writes were committed: they are now the committed rows, and the batch starts empty. */
    public void committed() {
        if (!cleared.isEmpty()) {
            // Clearing a prefix is rare: forgetting everything is simpler than finding what it covered.
            forget();
        }
        for (Map.Entry<String, byte[]> row : pending.entrySet()) {
            remember(row.getKey(), row.getValue());
        }
        clear();
    }

    /** Drops the pending writes, keeping what is known of the committed rows. */
    public void clear() {
        pending.clear();
        cleared.clear();
        undo.clear();
    }

    @Override
    public Optional<byte[]> get(String key) {
        namespace.checkRowKey(key);
        byte[] value = pending.get(key);
        if (value != null) {
            return value == TOMBSTONE ? Optional.empty() : Optional.of(value.clone());
        }
        if (isCleared(key)) {
            return Optional.empty();
        }
        value = remembered.get(key);
        if (value == null) {
            var stored = committed.getChecked(key);
            value = stored.orElse(TOMBSTONE);
            remember(key, value);
        }
        return value == TOMBSTONE ? Optional.empty() : Optional.of(value.clone());
    }

    @Override
    public void put(String key, byte[] value) {
        namespace.checkRowKey(key);
        Objects.requireNonNull(value, "value");
        // Copied in: the projection may reuse its array for the next row.
        undo.add(new Undo.Restore(key, pending.put(key, value.clone())));
    }

    @Override
    public void delete(String key) {
        namespace.checkRowKey(key);
        undo.add(new Undo.Restore(key, pending.put(key, TOMBSTONE)));
    }

    @Override
    public void deletePrefix(String prefix) {
        namespace.checkText("prefix", prefix);
        var iterator = pending.entrySet().iterator();
        while (iterator.hasNext()) {
            var row = iterator.next();
            if (row.getKey().startsWith(prefix)) {
                undo.add(new Undo.Restore(row.getKey(), row.getValue()));
                iterator.remove();
            }
        }
        cleared.add(prefix);
        undo.add(new Undo.Unclear());
    }

    @Override
    public List<StateEntry> scan(String prefix, String afterKey, int limit) {
        namespace.checkText("prefix", prefix);
        namespace.checkText("afterKey", afterKey);
        if (limit <= 0) {
            throw new ValidationError("limit", "limit is 1 or more; got " + limit);
        }
        var mine = pendingAfter(prefix, afterKey);
        var theirs = new StoreRows(prefix, afterKey, Math.max(limit, MIN_STORE_PAGE));
        var page = new ArrayList<StateEntry>(Math.min(limit, 256));
        int i = 0;
        while (page.size() < limit) {
            StateEntry stored = theirs.peek();
            Map.Entry<String, byte[]> own = i < mine.size() ? mine.get(i) : null;
            if (own == null && stored == null) {
                break;
            }
            int order = own == null ? 1 : stored == null ? -1
                    : InMemoryStateStore.KEY_ORDER.compare(own.getKey(), stored.key());
            if (order <= 0) {
                if (order == 0) {
                    theirs.advance(); // the pending write hides the committed row
                }
                if (own.getValue() != TOMBSTONE) {
                    page.add(new StateEntry(own.getKey(), own.getValue().clone()));
                }
                i++;
            } else {
                page.add(stored);
                theirs.advance();
            }
        }
        return page;
    }

    private List<Map.Entry<String, byte[]>> pendingAfter(String prefix, String afterKey) {
        var rows = new ArrayList<Map.Entry<String, byte[]>>();
        for (Map.Entry<String, byte[]> row : pending.entrySet()) {
            String key = row.getKey();
            if (key.startsWith(prefix) && InMemoryStateStore.KEY_ORDER.compare(key, afterKey) > 0) {
                rows.add(row);
            }
        }
        rows.sort(Map.Entry.comparingByKey(InMemoryStateStore.KEY_ORDER));
        return rows;
    }

    private void remember(String key, byte[] value) {
        if (rememberBytes == 0) {
            return;
        }
        byte[] previous = remembered.put(key, value);
        rememberedBytes += cost(key, value) - (previous == null ? 0 : cost(key, previous));
        if (rememberedBytes > rememberBytes) {
            // Past the budget, start again rather than track recency: the rows still hot come back in one read each.
            forget();
        }
    }

    private void forget() {
        remembered.clear();
        rememberedBytes = 0;
    }

    private static long cost(String key, byte[] value) {
        return ROW_OVERHEAD + 2L * key.length() + value.length;
    }

    private boolean isCleared(String key) {
        for (int i = 0; i < cleared.size(); i++) {
            if (key.startsWith(cleared.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** The committed rows under a prefix, page by page, minus those under a prefix this batch cleared. */
    private final class StoreRows {
        private final String prefix;
        private final int pageSize;
        private List<StateEntry> page = List.of();
        private int index;
        private String after;
        private boolean exhausted;

        StoreRows(String prefix, String afterKey, int pageSize) {
            this.prefix = prefix;
            this.after = afterKey;
            this.pageSize = pageSize;
        }

        @Nullable StateEntry peek() {
            while (true) {
                while (index < page.size()) {
                    StateEntry row = page.get(index);
                    if (!isCleared(row.key())) {
                        return row;
                    }
                    index++;
                }
                if (exhausted) {
                    return null;
                }
                page = committed.scan(prefix, after, pageSize);
                index = 0;
                exhausted = page.size() < pageSize;
                if (!page.isEmpty()) {
                    after = page.getLast().key();
                }
            }
        }

        void advance() {
            index++;
        }
    }
}

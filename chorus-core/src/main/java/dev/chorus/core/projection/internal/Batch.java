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
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The writes of the events applied since the last commit, laid over the committed rows so that an event sees what
 * the events before it wrote. Each event can be undone on its own, so a failing event leaves the writes of the
 * events before it to be committed.
 *
 * <p>Rows are kept by relative key in one hash map (a projection mostly reads and writes single rows), each row with
 * its pending write and what is known of its committed value; a scan sorts the few pending keys under its prefix and
 * merges them with the store's page. Committed rows read or written are remembered, up to a budget of bytes, so that
 * a row updated by event after event is read from the store once, and found with one lookup whether or not this
 * batch wrote it: the runner is the only writer of its namespace while this batch lives, so what it remembers stays
 * true. A row keeps its store key, so a row committed batch after batch hands the store the same key each time.
 * Confined to one thread.
 */
public final class Batch implements ReadModel {
    /** Marks a deleted row; compared by identity, and no caller's array is ever this one (values are copied in). */
    private static final byte[] TOMBSTONE = new byte[0];
    private static final int MIN_STORE_PAGE = 64;

    /** What a remembered row costs beyond its key's chars and its value's bytes: map entry, row, array and strings. */
    private static final int ROW_OVERHEAD = 160;

    private final Namespace namespace;
    private final CommittedView committed;
    private final long rememberBytes;
    /** Every row with a pending write or a remembered committed value, by relative key. */
    private final HashMap<String, Row> rows = new HashMap<>();
    private long rememberedBytes;
    /** The rows written in this batch, each once, in the order first written; a row undone or cleared stays listed. */
    private final ArrayList<Row> written = new ArrayList<>();
    /** Prefixes cleared in this batch, in order; a pending row written after a clear is in {@link #written}. */
    private final ArrayList<String> cleared = new ArrayList<>();
    /** How to undo the current event's writes, oldest first. */
    private final ArrayList<Undo> undo = new ArrayList<>();

    /** One row of the read model as this batch knows it. */
    private static final class Row {
        final String key;
        private @Nullable String storeKey;
        /** The committed value, {@link #TOMBSTONE} when known absent, null when not remembered. */
        byte @Nullable [] committed;
        /** The write of this batch, {@link #TOMBSTONE} for a delete, null when none. */
        byte @Nullable [] pending;
        /** In {@link #written}. */
        boolean listed;

        Row(String key) {
            this.key = key;
        }

        String storeKey(Namespace namespace) {
            if (storeKey == null) {
                storeKey = namespace.key(key);
            }
            return storeKey;
        }
    }

    private sealed interface Undo {
        /** Put {@code previous} back as the row's pending write (null: none). */
        record Restore(Row row, byte @Nullable [] previous) implements Undo {}

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
                case Undo.Restore restore -> restore.row().pending = restore.previous();
                case Undo.Unclear unclear -> cleared.removeLast();
            }
        }
        undo.clear();
    }

    public boolean hasWrites() {
        if (!cleared.isEmpty()) {
            return true;
        }
        for (int i = 0; i < written.size(); i++) {
            if (written.get(i).pending != null) {
                return true;
            }
        }
        return false;
    }

    /** The state-store writes of this batch followed by the checkpoint, for one atomic commit. */
    public List<StateWrite> writes(long nextPosition) {
        var writes = new ArrayList<StateWrite>(cleared.size() + written.size() + 1);
        // Clears first: every pending row was written after the clears that cover it (a clear drops older ones).
        for (String prefix : cleared) {
            writes.add(StateWrite.deletePrefix(namespace.key(prefix)));
        }
        for (int i = 0; i < written.size(); i++) {
            Row row = written.get(i);
            byte[] value = row.pending;
            if (value != null) {
                String key = row.storeKey(namespace);
                writes.add(value == TOMBSTONE ? StateWrite.delete(key) : StateWrite.put(key, value));
            }
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
        for (int i = 0; i < written.size(); i++) {
            Row row = written.get(i);
            byte[] value = row.pending;
            row.pending = null;
            row.listed = false;
            if (value != null) {
                remember(row, value);
            } else if (row.committed == null) {
                rows.remove(row.key);
            }
        }
        written.clear();
        cleared.clear();
        undo.clear();
    }

    /** Drops the pending writes, keeping what is known of the committed rows. */
    public void clear() {
        for (int i = 0; i < written.size(); i++) {
            Row row = written.get(i);
            row.pending = null;
            row.listed = false;
            if (row.committed == null) {
                rows.remove(row.key);
            }
        }
        written.clear();
        cleared.clear();
        undo.clear();
    }

    @Override
    public Optional<byte[]> get(String key) {
        namespace.checkRowKey(key);
        Row row = rows.get(key);
        byte[] value = row == null ? null : row.pending;
        if (value == null) {
            if (isCleared(key)) {
                return Optional.empty();
            }
            value = row == null ? null : row.committed;
            if (value == null) {
                value = committed.getChecked(key).orElse(TOMBSTONE);
                if (rememberBytes > 0) {
                    remember(row == null ? newRow(key) : row, value);
                }
            }
        }
        return value == TOMBSTONE ? Optional.empty() : Optional.of(value.clone());
    }

    @Override
    public void put(String key, byte[] value) {
        namespace.checkRowKey(key);
        Objects.requireNonNull(value, "value");
        // Copied in: the projection may reuse its array for the next row.
        write(key, value.clone());
    }

    @Override
    public void delete(String key) {
        namespace.checkRowKey(key);
        write(key, TOMBSTONE);
    }

    private void write(String key, byte[] value) {
        Row row = rows.get(key);
        if (row == null) {
            row = newRow(key);
        }
        undo.add(new Undo.Restore(row, row.pending));
        row.pending = value;
        if (!row.listed) {
            row.listed = true;
            written.add(row);
        }
    }

    private Row newRow(String key) {
        var row = new Row(key);
        rows.put(key, row);
        return row;
    }

    @Override
    public void deletePrefix(String prefix) {
        namespace.checkText("prefix", prefix);
        for (int i = 0; i < written.size(); i++) {
            Row row = written.get(i);
            if (row.pending != null && row.key.startsWith(prefix)) {
                undo.add(new Undo.Restore(row, row.pending));
                row.pending = null;
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
            Row own = i < mine.size() ? mine.get(i) : null;
            if (own == null && stored == null) {
                break;
            }
            int order = own == null ? 1 : stored == null ? -1
                    : InMemoryStateStore.KEY_ORDER.compare(own.key, stored.key());
            if (order <= 0) {
                if (order == 0) {
                    theirs.advance(); // the pending write hides the committed row
                }
                byte[] value = own.pending;
                if (value != TOMBSTONE) {
                    page.add(new StateEntry(own.key, value.clone()));
                }
                i++;
            } else {
                page.add(stored);
                theirs.advance();
            }
        }
        return page;
    }

    private List<Row> pendingAfter(String prefix, String afterKey) {
        var found = new ArrayList<Row>();
        for (int i = 0; i < written.size(); i++) {
            Row row = written.get(i);
            if (row.pending != null && row.key.startsWith(prefix)
                    && InMemoryStateStore.KEY_ORDER.compare(row.key, afterKey) > 0) {
                found.add(row);
            }
        }
        found.sort((a, b) -> InMemoryStateStore.KEY_ORDER.compare(a.key, b.key));
        return found;
    }

    /** Notes the committed value of a row that is in {@link #rows}. */
    private void remember(Row row, byte[] value) {
        if (rememberBytes == 0) {
            if (row.pending == null) {
                rows.remove(row.key);
            }
            return;
        }
        byte[] previous = row.committed;
        row.committed = value;
        rememberedBytes += cost(row.key, value) - (previous == null ? 0 : cost(row.key, previous));
        if (rememberedBytes > rememberBytes) {
            // Past the budget, start again rather than track recency: the rows still hot come back in one read each.
            forget();
        }
    }

    /** Forgets every committed value; rows with a pending write stay, the others go. */
    private void forget() {
        if (written.isEmpty()) {
            rows.clear();
        } else {
            var iterator = rows.values().iterator();
            while (iterator.hasNext()) {
                Row row = iterator.next();
                row.committed = null;
                if (!row.listed) {
                    iterator.remove();
                }
            }
        }
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

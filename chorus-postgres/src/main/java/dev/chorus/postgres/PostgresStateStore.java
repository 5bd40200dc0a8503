package dev.chorus.postgres;

import dev.chorus.core.LimitExceeded;
import dev.chorus.core.ValidationError;
import dev.chorus.core.state.StateConflict;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import dev.chorus.postgres.internal.Database;
import dev.chorus.postgres.internal.StateKeys;
import java.sql.Connection;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link StateStore} in a table of a PostgreSQL schema: each {@link #commit} is one transaction, so a read model
 * and its checkpoint move together, and every instance of a service on the schema reads what the others commit.
 * Keys are kept as their UTF-8 bytes, so scans run in code point order whatever the database's collation; the
 * key and value rules are the port's (values up to {@link #MAX_VALUE_BYTES}).
 */
public final class PostgresStateStore implements StateStore {
    /** Largest value, in bytes (16 MiB), as in every Chorus state store. */
    public static final int MAX_VALUE_BYTES = StateStore.MAX_VALUE_BYTES;

    private final Database database;
    private final String get;
    private final String getForUpdate;
    private final String present;
    private final String scan;
    private final String scanPrefix;
    private final String put;
    private final String delete;
    private final String deletePrefix;

    private PostgresStateStore(Database database) {
        this.database = database;
        String state = database.table("state");
        this.get = "SELECT value FROM " + state + " WHERE key = ?";
        this.getForUpdate = get + " FOR UPDATE";
        this.present = "SELECT key FROM " + state + " WHERE key = ANY (?)";
        this.scan = "SELECT key, value FROM " + state + " WHERE key > ? ORDER BY key LIMIT ?";
        this.scanPrefix = "SELECT key, value FROM " + state + " WHERE key > ? AND key >= ? AND key < ? ORDER BY key"
                + " LIMIT ?";
        this.put = "INSERT INTO " + state + " (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
                + "EXCLUDED.value";
        this.delete = "DELETE FROM " + state + " WHERE key = ?";
        this.deletePrefix = "DELETE FROM " + state + " WHERE key >= ? AND key < ?";
    }

    /**
     * Connects, creates the schema when missing and migrates it.
     *
     * @throws PostgresFailure the database cannot be reached or refused the migration
     * @throws SchemaTooNew    a newer Chorus migrated the schema
     */
    public static PostgresStateStore open(PostgresConfig config) {
        Objects.requireNonNull(config, "config");
        return new PostgresStateStore(Database.open(config, "state store"));
    }

    public PostgresConfig config() {
        return database.config();
    }

    @Override
    public Optional<byte[]> get(String key) {
        byte[] utf8 = StateKeys.check("key", key);
        return database.read("read " + key, connection -> {
            try (var statement = connection.prepareStatement(get)) {
                statement.setBytes(1, utf8);
                try (var rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }

    @Override
    public Set<String> present(Collection<String> keys) {
        Objects.requireNonNull(keys, "keys");
        var utf8 = new byte[keys.size()][];
        int i = 0;
        for (String key : keys) {
            utf8[i++] = StateKeys.check("key", key);
        }
        if (utf8.length == 0) {
            return Set.of();
        }
        return database.read("look for " + utf8.length + " keys", connection -> {
            try (var statement = connection.prepareStatement(present)) {
                statement.setArray(1, connection.createArrayOf("bytea", utf8));
                var held = new HashSet<String>();
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        held.add(new String(rows.getBytes(1), StandardCharsets.UTF_8));
                    }
                }
                return held;
            }
        });
    }

    @Override
    public List<StateEntry> scan(String prefix, String afterKey, int limit) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(afterKey, "afterKey");
        byte[] from = prefix.isEmpty() ? new byte[0] : StateKeys.check("prefix", prefix);
        byte[] after = afterKey.isEmpty() ? new byte[0] : StateKeys.check("afterKey", afterKey);
        if (limit <= 0) {
            throw new ValidationError("limit", "limit is 1 or more; got " + limit);
        }
        var below = StateKeys.upperBound(from);
        return database.read("scan " + prefix, connection -> {
            try (var statement = connection.prepareStatement(below.isPresent() ? scanPrefix : scan)) {
                int at = 1;
                statement.setBytes(at++, after);
                if (below.isPresent()) {
                    statement.setBytes(at++, from);
                    statement.setBytes(at++, below.get());
                }
                statement.setInt(at, limit);
                var page = new ArrayList<StateEntry>(Math.min(limit, 256));
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        page.add(new StateEntry(StateKeys.text(rows.getBytes(1)), rows.getBytes(2)));
                    }
                }
                return page;
            }
        });
    }

    /** Applies every write in order in one transaction; returns once it is committed. */
    @Override
    public void commit(List<StateWrite> writes) {
        var checked = check(writes);
        database.ensureOpen();
        if (checked.isEmpty()) {
            return;
        }
        database.transaction("commit " + checked.size() + " state writes", connection -> {
            int i = 0;
            while (i < checked.size()) {
                i = apply(connection, checked, i);
            }
            return null;
        });
    }

    /**
     * One transaction that locks the key's row ({@code SELECT ... FOR UPDATE}), compares, and applies the writes: a
     * commit of the same row by anyone else waits for it, and it for them.
     */
    @Override
    public void commitIf(String key, byte[] expected, List<StateWrite> writes) {
        byte[] keyBytes = StateKeys.check("key", key);
        Objects.requireNonNull(expected, "expected");
        var checked = check(writes);
        database.ensureOpen();
        database.transaction("commit " + checked.size() + " state writes if " + key + " is unchanged", connection -> {
            try (var statement = connection.prepareStatement(getForUpdate)) {
                statement.setBytes(1, keyBytes);
                try (var rows = statement.executeQuery()) {
                    if (!rows.next() || !Arrays.equals(rows.getBytes(1), expected)) {
                        throw new StateConflict(key);
                    }
                }
            }
            int i = 0;
            while (i < checked.size()) {
                i = apply(connection, checked, i);
            }
            return null;
        });
    }

    /** Closes the pool; commits still running fail with {@code StoreClosed} and are rolled back. */
    @Override
    public void close() {
        database.close();
    }

    /**
     * Applies the run of writes of one kind that starts at {@code from} as one batch and returns where the next run
     * starts. Within a run order does not matter once each key keeps its last write.
     */
    private int apply(Connection connection, List<Checked> writes, int from) throws SQLException {
        var kind = writes.get(from).write().getClass();
        if (kind == StateWrite.DeletePrefix.class) {
            try (var statement = connection.prepareStatement(deletePrefix)) {
                byte[] prefix = writes.get(from).key();
                statement.setBytes(1, prefix);
                statement.setBytes(2, StateKeys.upperBound(prefix).orElseThrow());
                statement.executeUpdate();
            }
            return from + 1;
        }
        int end = from;
        var last = new LinkedHashMap<String, Checked>();
        while (end < writes.size() && writes.get(end).write().getClass() == kind) {
            var each = writes.get(end++);
            last.put(keyOf(each.write()), each);
        }
        try (var statement = connection.prepareStatement(kind == StateWrite.Put.class ? put : delete)) {
            for (Checked each : last.values()) {
                statement.setBytes(1, each.key());
                if (each.write() instanceof StateWrite.Put write) {
                    statement.setBytes(2, write.value());
                }
                statement.addBatch();
            }
            statement.executeBatch();
        }
        return end;
    }

    /** A write that passed the rules, with its key (or prefix) in UTF-8 and its value copied. */
    private record Checked(StateWrite write, byte[] key) {}

    private static List<Checked> check(List<StateWrite> writes) {
        Objects.requireNonNull(writes, "writes");
        var checked = new ArrayList<Checked>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            var write = Objects.requireNonNull(writes.get(i), "writes[" + i + "]");
            String field = "writes[" + i + "]";
            checked.add(switch (write) {
                case StateWrite.Put put -> {
                    byte[] key = StateKeys.check(field + ".key", put.key());
                    if (put.value().length > MAX_VALUE_BYTES) {
                        throw new LimitExceeded(field + ".value bytes", MAX_VALUE_BYTES, put.value().length);
                    }
                    yield new Checked(new StateWrite.Put(put.key(), put.value().clone()), key);
                }
                case StateWrite.Delete delete -> new Checked(delete, StateKeys.check(field + ".key", delete.key()));
                // An empty prefix would wipe every namespace, checkpoints included: never what a rebuild means.
                case StateWrite.DeletePrefix prefix ->
                        new Checked(prefix, StateKeys.check(field + ".prefix", prefix.prefix()));
            });
        }
        return checked;
    }

    private static String keyOf(StateWrite write) {
        return switch (write) {
            case StateWrite.Put put -> put.key();
            case StateWrite.Delete delete -> delete.key();
            case StateWrite.DeletePrefix prefix -> prefix.prefix();
        };
    }
}

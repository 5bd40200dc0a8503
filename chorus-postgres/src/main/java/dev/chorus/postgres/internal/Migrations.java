package dev.chorus.postgres.internal;

import dev.chorus.postgres.SchemaTooNew;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The schema's versioned migrations, listed here (no classpath scanning) and kept as SQL resources beside this
 * class. Applied in the caller's transaction while it holds an advisory lock on the schema, so two processes
 * starting together apply each migration once; the history table says which are in.
 */
public final class Migrations {
    /** One migration: {@code migrations/V<version>__<name>.sql}, with {@code ${schema}} for the quoted schema. */
    public record Migration(int version, String name) {
        String resource() {
            return "/dev/chorus/postgres/migrations/V" + version + "__" + name + ".sql";
        }
    }

    public static final List<Migration> ALL = List.of(new Migration(1, "events"), new Migration(2, "state"));

    /** The first half of every migration lock's key: "chor" in ASCII, so Chorus's locks stand apart from others. */
    private static final long LOCK_NAMESPACE = 0x63686f72L << 32;

    private Migrations() {}

    public static int latest() {
        return ALL.getLast().version();
    }

    /**
     * Creates the schema when missing and applies the migrations it lacks, in order, in the caller's transaction.
     *
     * @return the versions applied now; empty when the schema was up to date
     * @throws SchemaTooNew the schema holds a version this code does not know
     */
    public static List<Integer> apply(Connection connection, String schema) throws SQLException {
        String quoted = '"' + schema + '"';
        try (var lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, lockKey(schema));
            lock.execute();
        }
        if (!exists(connection, schema)) {
            execute(connection, "CREATE SCHEMA " + quoted);
        }
        // Looked up first: creating, even IF NOT EXISTS, asks for a privilege that a started schema no longer needs.
        if (!historyExists(connection, quoted)) {
            execute(connection, "CREATE TABLE " + quoted + ".schema_history (version integer NOT NULL PRIMARY KEY, "
                    + "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        }
        int current;
        try (var query = connection.prepareStatement("SELECT coalesce(max(version), 0) FROM " + quoted
                + ".schema_history"); var rows = query.executeQuery()) {
            rows.next();
            current = rows.getInt(1);
        }
        if (current > latest()) {
            throw new SchemaTooNew(schema, current, latest());
        }
        var applied = new ArrayList<Integer>();
        for (Migration migration : ALL) {
            if (migration.version() <= current) {
                continue;
            }
            execute(connection, sqlOf(migration).replace("${schema}", quoted));
            try (var record = connection.prepareStatement("INSERT INTO " + quoted
                    + ".schema_history (version, name) VALUES (?, ?)")) {
                record.setInt(1, migration.version());
                record.setString(2, migration.name());
                record.executeUpdate();
            }
            applied.add(migration.version());
        }
        return applied;
    }

    static long lockKey(String schema) {
        var crc = new CRC32();
        crc.update(schema.getBytes(StandardCharsets.UTF_8));
        return LOCK_NAMESPACE | crc.getValue();
    }

    private static boolean exists(Connection connection, String schema) throws SQLException {
        try (var query = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            query.setString(1, schema);
            try (var rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static boolean historyExists(Connection connection, String quotedSchema) throws SQLException {
        try (var query = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            query.setString(1, quotedSchema + ".schema_history");
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    /** DDL has no parameters; the only name in it is the schema, checked to be a plain identifier. */
    private static void execute(Connection connection, String sql) throws SQLException {
        try (var statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }

    private static String sqlOf(Migration migration) {
        try (InputStream in = Objects.requireNonNull(Migrations.class.getResourceAsStream(migration.resource()),
                migration.resource())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + migration.resource(), e);
        }
    }
}

package dev.chorus.postgres;

import dev.chorus.core.AppendPreparation;
import dev.chorus.core.AppendResult;
import dev.chorus.core.ConcurrencyConflict;
import dev.chorus.core.EventImporter;
import dev.chorus.core.EventStore;
import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.ImportedEvent;
import dev.chorus.core.LimitExceeded;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.ReadDirection;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StreamIds;
import dev.chorus.core.Subscription;
import dev.chorus.core.SubscriptionFilter;
import dev.chorus.core.SubscriptionHandler;
import dev.chorus.core.ValidationError;
import dev.chorus.core.internal.CatchUpSubscription;
import dev.chorus.core.internal.HeadSignal;
import dev.chorus.postgres.internal.Database;
import dev.chorus.postgres.internal.HeadListener;
import dev.chorus.postgres.internal.MetadataJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EventStore} and {@link EventImporter} in a PostgreSQL schema, which several instances of one service
 * (several processes) may share. Every append and import locks the schema's one head row for its transaction, so
 * global positions are dense from 0 and commit in position order: a reader never skips an event that commits
 * later with a lower position. The price is that writes to one schema happen one transaction at a time.
 * Optimistic concurrency holds across instances: the stream's version is read under that lock, and (stream,
 * version) is unique besides. Subscriptions catch up, then follow the head live, appends of other instances
 * included, through LISTEN/NOTIFY with a polling fallback.
 */
public final class PostgresEventStore implements EventStore, EventImporter {
    /** Metadata key an import fills with the recorded-at the event came with; this store stamps its own. */
    public static final String ORIGIN_RECORDED_AT = "origin-recorded-at";

    private static final String COLUMNS = "position, stream_id, version, type_name, type_version, data, metadata";

    private final Database database;
    private final AppendPreparation preparation;
    private final HeadSignal signal;
    private final String channel;
    private final Sql sql;
    private @Nullable HeadListener listener;

    /** The statements, with the schema in them; every value goes in as a parameter. */
    private record Sql(String takePositions, String lockHead, String moveHead, String streamVersion,
                       String streamVersions, String presentIds, String insert, String readForward,
                       String readBackward, String readAll, String head) {
        static Sql of(Database database) {
            String events = database.table("events");
            String head = database.table("head");
            String select = "SELECT " + COLUMNS + " FROM " + events;
            return new Sql(
                    "UPDATE " + head + " SET next_position = next_position + ? RETURNING next_position, "
                            + "pg_notify(?, next_position::text)",
                    "SELECT next_position FROM " + head + " FOR UPDATE",
                    "UPDATE " + head + " SET next_position = ? RETURNING pg_notify(?, next_position::text)",
                    "SELECT version FROM " + events + " WHERE stream_id = ? ORDER BY version DESC LIMIT 1",
                    "SELECT stream_id, max(version) FROM " + events + " WHERE stream_id = ANY (?) GROUP BY stream_id",
                    "SELECT event_id FROM " + events + " WHERE event_id = ANY (?)",
                    "INSERT INTO " + events + " (position, stream_id, version, event_id, type_name, type_version, "
                            + "data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?::json)",
                    select + " WHERE stream_id = ? AND version >= ? ORDER BY version LIMIT ?",
                    select + " WHERE stream_id = ? AND version <= ? ORDER BY version DESC LIMIT ?",
                    select + " WHERE position >= ? ORDER BY position LIMIT ?",
                    "SELECT next_position FROM " + head);
        }
    }

    /** An event on its way into the table, at its place. */
    private record Row(long position, String streamId, long version, NewEvent event) {}

    private record Imported(long head, int count) {}

    private PostgresEventStore(Database database) {
        this.database = database;
        var config = database.config();
        this.preparation = new AppendPreparation(config.limits(), config.clock());
        this.channel = "chorus_" + config.schema();
        this.sql = Sql.of(database);
        this.signal = new HeadSignal(database.read("read the head", this::readHead));
    }

    /**
     * Connects, creates the schema when missing and migrates it.
     *
     * @throws PostgresFailure the database cannot be reached or refused the migration
     * @throws SchemaTooNew    a newer Chorus migrated the schema
     */
    public static PostgresEventStore open(PostgresConfig config) {
        Objects.requireNonNull(config, "config");
        var database = Database.open(config, "event store");
        try {
            return new PostgresEventStore(database);
        } catch (RuntimeException | Error e) {
            database.close();
            throw e;
        }
    }

    public PostgresConfig config() {
        return database.config();
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        var prepared = preparation.prepare(streamId, expected, events);
        var result = database.transaction("append to " + streamId, connection -> {
            long next = takePositions(connection, prepared.size());
            long first = next - prepared.size();
            long actual = streamVersion(connection, streamId);
            if (!expected.isSatisfiedBy(actual)) {
                throw new ConcurrencyConflict(streamId, expected, actual);
            }
            var rows = new ArrayList<Row>(prepared.size());
            for (int i = 0; i < prepared.size(); i++) {
                rows.add(new Row(first + i, streamId, actual + 1 + i, prepared.get(i)));
            }
            insert(connection, rows);
            return new AppendResult(streamId, first, next - 1, actual + prepared.size());
        });
        advance(result.lastPosition() + 1);
        return result;
    }

    /**
     * Imports each event at the end of its stream, keeping its metadata but for recorded-at, which this store stamps
     * (the one it came with is kept under {@link #ORIGIN_RECORDED_AT}). An event whose id is already in the store,
     * or earlier in the batch, is skipped. One transaction: all new events or none.
     */
    @Override
    public int importEvents(List<ImportedEvent> events) {
        Objects.requireNonNull(events, "events");
        if (events.size() > preparation.limits().maxEventsPerAppend()) {
            throw new LimitExceeded("events per import", preparation.limits().maxEventsPerAppend(), events.size());
        }
        var prepared = new ArrayList<ImportedEvent>(events.size());
        for (ImportedEvent imported : events) {
            Objects.requireNonNull(imported, "event");
            var metadata = new HashMap<>(imported.event().metadata());
            String recordedAt = metadata.get(Metadata.RECORDED_AT);
            if (recordedAt != null) {
                metadata.putIfAbsent(ORIGIN_RECORDED_AT, recordedAt);
            }
            var event = new NewEvent(imported.event().type(), imported.event().data(), metadata);
            prepared.add(new ImportedEvent(imported.streamId(),
                    preparation.prepare(imported.streamId(), ExpectedVersion.any(), List.of(event)).getFirst()));
        }
        database.ensureOpen();
        if (prepared.isEmpty()) {
            return 0;
        }
        var imported = database.transaction("import " + prepared.size() + " events", connection -> {
            long next = lockHead(connection);
            var seen = presentIds(connection, prepared);
            var versions = streamVersions(connection, prepared);
            var rows = new ArrayList<Row>();
            for (ImportedEvent event : prepared) {
                if (seen.add(event.eventId())) {
                    long version = versions.merge(event.streamId(), 0L, (last, first) -> last + 1);
                    rows.add(new Row(next + rows.size(), event.streamId(), version, event.event()));
                }
            }
            if (!rows.isEmpty()) {
                insert(connection, rows);
                moveHead(connection, next + rows.size());
            }
            return new Imported(next + rows.size(), rows.size());
        });
        advance(imported.head());
        return imported.count();
    }

    @Override
    public List<RecordedEvent> readStream(String streamId, ReadDirection direction, long fromVersion, int maxCount) {
        StreamIds.validate(streamId, preparation.limits().maxStreamIdLength());
        checkPaging("fromVersion", fromVersion, maxCount);
        Objects.requireNonNull(direction, "direction");
        String query = direction == ReadDirection.FORWARD ? sql.readForward() : sql.readBackward();
        return database.read("read stream " + streamId, connection -> {
            try (var statement = connection.prepareStatement(query)) {
                statement.setString(1, streamId);
                statement.setLong(2, fromVersion);
                statement.setInt(3, maxCount);
                return events(statement);
            }
        });
    }

    @Override
    public long streamVersion(String streamId) {
        StreamIds.validate(streamId, preparation.limits().maxStreamIdLength());
        return database.read("read the version of " + streamId, connection -> streamVersion(connection, streamId));
    }

    @Override
    public List<RecordedEvent> readAll(long fromPosition, int maxCount) {
        checkPaging("fromPosition", fromPosition, maxCount);
        return database.read("read all from " + fromPosition, connection -> {
            try (var statement = connection.prepareStatement(sql.readAll())) {
                statement.setLong(1, fromPosition);
                statement.setInt(2, maxCount);
                return events(statement);
            }
        });
    }

    /** The head as the database has it now, appends of other instances included. */
    @Override
    public long headPosition() {
        long head = database.read("read the head", this::readHead);
        advance(head);
        return head;
    }

    @Override
    public Subscription subscribe(long fromPosition, SubscriptionFilter filter, SubscriptionHandler handler) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(handler, "handler");
        startListening();
        return CatchUpSubscription.start(this, signal, fromPosition, filter, handler);
    }

    /** Stops listening, ends running subscriptions with {@code StoreClosed}, and closes the pool. */
    @Override
    public void close() {
        HeadListener stopping;
        synchronized (this) {
            if (database.isClosed()) {
                return;
            }
            database.close();
            stopping = listener;
            listener = null;
        }
        signal.close();
        if (stopping != null) {
            stopping.close();
        }
    }

    /** The first subscription starts the listener: a store that only appends keeps no extra connection. */
    private synchronized void startListening() {
        database.ensureOpen();
        if (listener == null) {
            listener = HeadListener.start(new HeadListener.Source() {
                @Override
                public Connection connect() throws SQLException {
                    return database.connectOutsidePool();
                }

                @Override
                public long head(Connection connection) throws SQLException {
                    return readHead(connection);
                }
            }, channel, database.config().pollInterval(), this::advance);
        }
    }

    /** Heads arrive from appends here, the listener and reads, in any order: the signal only moves forward. */
    private synchronized void advance(long head) {
        if (head > signal.head()) {
            signal.advance(head);
        }
    }

    /** Takes {@code count} positions, locking the head row until the transaction ends; returns the new head. */
    private long takePositions(Connection connection, int count) throws SQLException {
        try (var statement = connection.prepareStatement(sql.takePositions())) {
            statement.setLong(1, count);
            statement.setString(2, channel);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private long lockHead(Connection connection) throws SQLException {
        try (var statement = connection.prepareStatement(sql.lockHead()); var rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void moveHead(Connection connection, long head) throws SQLException {
        try (var statement = connection.prepareStatement(sql.moveHead())) {
            statement.setLong(1, head);
            statement.setString(2, channel);
            statement.executeQuery().close();
        }
    }

    private long readHead(Connection connection) throws SQLException {
        try (var statement = connection.prepareStatement(sql.head()); var rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private long streamVersion(Connection connection, String streamId) throws SQLException {
        try (var statement = connection.prepareStatement(sql.streamVersion())) {
            statement.setString(1, streamId);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : ExpectedVersion.NO_STREAM_VERSION;
            }
        }
    }

    /** The last version of each stream the batch goes to; streams without events are absent. */
    private Map<String, Long> streamVersions(Connection connection, List<ImportedEvent> events) throws SQLException {
        var streams = new LinkedHashSet<String>();
        events.forEach(event -> streams.add(event.streamId()));
        var versions = new HashMap<String, Long>();
        try (var statement = connection.prepareStatement(sql.streamVersions())) {
            statement.setArray(1, connection.createArrayOf("text", streams.toArray()));
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    versions.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return versions;
    }

    private Set<String> presentIds(Connection connection, List<ImportedEvent> events) throws SQLException {
        var present = new HashSet<String>();
        try (var statement = connection.prepareStatement(sql.presentIds())) {
            statement.setArray(1, connection.createArrayOf("text",
                    events.stream().map(ImportedEvent::eventId).distinct().toArray()));
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    present.add(rows.getString(1));
                }
            }
        }
        return present;
    }

    private void insert(Connection connection, List<Row> rows) throws SQLException {
        try (var statement = connection.prepareStatement(sql.insert())) {
            for (Row row : rows) {
                var event = row.event();
                statement.setLong(1, row.position());
                statement.setString(2, row.streamId());
                statement.setLong(3, row.version());
                statement.setString(4, event.metadata().get(Metadata.EVENT_ID));
                statement.setString(5, event.type().name());
                statement.setInt(6, event.type().version());
                statement.setBytes(7, event.data());
                statement.setString(8, MetadataJson.encode(event.metadata()));
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static List<RecordedEvent> events(PreparedStatement statement) throws SQLException {
        var events = new ArrayList<RecordedEvent>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                events.add(new RecordedEvent(rows.getLong(1), rows.getString(2), rows.getLong(3),
                        new EventType(rows.getString(4), rows.getInt(5)), rows.getBytes(6),
                        MetadataJson.decode(rows.getString(7))));
            }
        }
        return events;
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

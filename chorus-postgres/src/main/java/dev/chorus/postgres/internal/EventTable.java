package dev.chorus.postgres.internal;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.ReadDirection;
import dev.chorus.core.RecordedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statements on a schema's events and head tables, each on the caller's connection. The schema is in the SQL
 * text; every value goes in as a parameter.
 */
public final class EventTable {
    /** An event on its way into the table, at its place. */
    public record Row(long position, String streamId, long version, NewEvent event) {}

    private static final String COLUMNS = "position, stream_id, version, type_name, type_version, data, metadata";

    private final String channel;
    private final String lockHead;
    private final String moveHead;
    private final String head;
    private final String streamVersion;
    private final String streamVersions;
    private final String presentIdsAndVersions;
    private final String insert;
    private final String readForward;
    private final String readBackward;
    private final String readAll;

    public EventTable(Database database) {
        String events = database.table("events");
        String headTable = database.table("head");
        String select = "SELECT " + COLUMNS + " FROM " + events;
        String lastVersion = "SELECT version FROM " + events + " WHERE stream_id = %s ORDER BY version DESC LIMIT 1";
        this.channel = "chorus_" + database.config().schema();
        this.lockHead = "SELECT next_position FROM " + headTable + " FOR UPDATE";
        // The notification goes out when the transaction commits, and not at all when it rolls back.
        this.moveHead = "UPDATE " + headTable + " SET next_position = ? RETURNING pg_notify(?, next_position::text)";
        this.head = "SELECT next_position FROM " + headTable;
        this.streamVersion = lastVersion.formatted("?");
        // One index probe per stream, from its end, however long the stream.
        this.streamVersions = "SELECT s.id, (" + lastVersion.formatted("s.id") + ") FROM unnest(CAST(? AS text[])) "
                + "AS s(id)";
        // What an import needs to know under the head lock, in one round trip: which ids are present already, and
        // where each stream ends.
        this.presentIdsAndVersions = "SELECT event_id, NULL::text, NULL::bigint FROM " + events
                + " WHERE event_id = ANY (?) UNION ALL SELECT NULL, s.id, (" + lastVersion.formatted("s.id")
                + ") FROM unnest(CAST(? AS text[])) AS s(id)";
        this.insert = "INSERT INTO " + events + " (position, stream_id, version, event_id, type_name, type_version, "
                + "data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?::json)";
        this.readForward = select + " WHERE stream_id = ? AND version >= ? ORDER BY version LIMIT ?";
        this.readBackward = select + " WHERE stream_id = ? AND version <= ? ORDER BY version DESC LIMIT ?";
        this.readAll = select + " WHERE position >= ? ORDER BY position LIMIT ?";
    }

    /** The channel every write notifies its new head on, when it commits: a plain identifier. */
    public String channel() {
        return channel;
    }

    /** The next position, with the head row locked until the transaction ends: no other write runs meanwhile. */
    public long lockHead(Connection connection) throws SQLException {
        return headBy(connection, lockHead);
    }

    /** Moves the head to {@code next} and notifies it to every listener once the transaction commits. */
    public void moveHead(Connection connection, long next) throws SQLException {
        try (var statement = connection.prepareStatement(moveHead)) {
            statement.setLong(1, next);
            statement.setString(2, channel);
            statement.executeQuery().close();
        }
    }

    public long head(Connection connection) throws SQLException {
        return headBy(connection, head);
    }

    private static long headBy(Connection connection, String query) throws SQLException {
        try (var statement = connection.prepareStatement(query); var rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    public long streamVersion(Connection connection, String streamId) throws SQLException {
        try (var statement = connection.prepareStatement(streamVersion)) {
            statement.setString(1, streamId);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : ExpectedVersion.NO_STREAM_VERSION;
            }
        }
    }

    /** The last version of each of {@code streamIds} that has events; streams without events are absent. */
    public Map<String, Long> streamVersions(Connection connection, Collection<String> streamIds) throws SQLException {
        var versions = new HashMap<String, Long>();
        try (var statement = connection.prepareStatement(streamVersions)) {
            statement.setArray(1, connection.createArrayOf("text", new LinkedHashSet<>(streamIds).toArray()));
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    long version = rows.getLong(2);
                    if (!rows.wasNull()) {
                        versions.put(rows.getString(1), version);
                    }
                }
            }
        }
        return versions;
    }

    /** The event ids a table holds already, and the last version of each stream that has events. */
    public record Present(Set<String> eventIds, Map<String, Long> versions) {}

    /** Which of {@code eventIds} the table holds already, and where each of {@code streamIds} ends: one statement. */
    public Present presentIdsAndVersions(Connection connection, Collection<String> eventIds,
                                         Collection<String> streamIds) throws SQLException {
        var present = new HashSet<String>();
        var versions = new HashMap<String, Long>();
        try (var statement = connection.prepareStatement(presentIdsAndVersions)) {
            statement.setArray(1, connection.createArrayOf("text", new LinkedHashSet<>(eventIds).toArray()));
            statement.setArray(2, connection.createArrayOf("text", new LinkedHashSet<>(streamIds).toArray()));
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    String eventId = rows.getString(1);
                    if (eventId != null) {
                        present.add(eventId);
                        continue;
                    }
                    long version = rows.getLong(3);
                    if (!rows.wasNull()) {
                        versions.put(rows.getString(2), version);
                    }
                }
            }
        }
        return new Present(present, versions);
    }

    public void insert(Connection connection, List<Row> rows) throws SQLException {
        try (var statement = connection.prepareStatement(insert)) {
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

    public List<RecordedEvent> readStream(Connection connection, String streamId, ReadDirection direction,
                                          long fromVersion, int maxCount) throws SQLException {
        try (var statement = connection.prepareStatement(direction == ReadDirection.FORWARD ? readForward
                : readBackward)) {
            statement.setString(1, streamId);
            statement.setLong(2, fromVersion);
            statement.setInt(3, maxCount);
            return events(statement);
        }
    }

    public List<RecordedEvent> readAll(Connection connection, long fromPosition, int maxCount) throws SQLException {
        try (var statement = connection.prepareStatement(readAll)) {
            statement.setLong(1, fromPosition);
            statement.setInt(2, maxCount);
            return events(statement);
        }
    }

    private static List<RecordedEvent> events(PreparedStatement statement) throws SQLException {
        var events = new ArrayList<RecordedEvent>();
        try (var rows = statement.executeQuery()) {
            while (rows.next()) {
                events.add(new RecordedEvent(rows.getLong(1), rows.getString(2), rows.getLong(3),
                        new EventType(rows.getString(4), rows.getInt(5)), rows.getBytes(6),
                        MetadataJson.decode(rows.getString(7))));
            }
        }
        return events;
    }
}

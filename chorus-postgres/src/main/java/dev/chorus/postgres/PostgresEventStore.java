package dev.chorus.postgres;

import dev.chorus.core.AppendPreparation;
import dev.chorus.core.AppendResult;
import dev.chorus.core.EventImporter;
import dev.chorus.core.EventStore;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.ImportedEvent;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
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
import dev.chorus.postgres.internal.AppendQueue;
import dev.chorus.postgres.internal.Database;
import dev.chorus.postgres.internal.EventTable;
import dev.chorus.postgres.internal.HeadListener;
import dev.chorus.postgres.internal.OwnCommits;
import dev.chorus.postgres.internal.TailReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EventStore} and {@link EventImporter} in a PostgreSQL schema, which several instances of one service
 * (several processes) may share. Every append and import locks the schema's one head row for its transaction, so
 * global positions are dense from 0 and commit in position order: a reader never skips an event that commits
 * later with a lower position. The price is that writes to one schema happen one transaction at a time; the appends
 * waiting in one store meanwhile share the next transaction, so concurrent appenders share its lock and its commit.
 * Optimistic concurrency holds across instances: the stream's version is read under that lock, and (stream,
 * version) is unique besides. Subscriptions catch up, then follow the head live, appends of other instances
 * included, through LISTEN/NOTIFY with a polling fallback; live ones share one reader of the table's tail and a
 * window of recent events in memory, so a write costs one read of the table however many subscriptions follow it.
 */
public final class PostgresEventStore implements EventStore, EventImporter {
    /** Metadata key an import fills with the recorded-at the event came with; this store stamps its own. */

    /** A batch of appends written in one transaction stops growing here (a larger single append goes alone). */
    private static final int MAX_BATCH_EVENTS = 10_000;
    private static final long MAX_BATCH_BYTES = 16L << 20;
    /** The tail window also stops at about this much event data, whatever {@link PostgresConfig#tailWindow()}. */
    private static final long MAX_WINDOW_BYTES = 32L << 20;

    private final Database database;
    private final AppendPreparation preparation;
    private final HeadSignal signal;
    private final EventTable table;
    private final AppendQueue appends;
    private final TailReader tail;
    private final OwnCommits ownCommits = new OwnCommits(this::advance);
    private volatile @Nullable HeadListener listener;
    private boolean closing;

    private record Imported(long head, List<EventTable.Row> rows) {}

    private record Written(long head, List<EventTable.Row> rows, List<AppendQueue.Outcome> outcomes) {}

    private PostgresEventStore(Database database) {
        this.database = database;
        var config = database.config();
        this.preparation = new AppendPreparation(config.limits(), config.clock());
        this.table = new EventTable(database);
        this.signal = new HeadSignal(database.read("read the head", table::head));
        this.tail = new TailReader(new TailReader.Source() {
            @Override
            public void ensureOpen() {
                database.ensureOpen();
            }

            @Override
            public List<RecordedEvent> readAll(long fromPosition, int maxCount) {
                return database.read("read all from " + fromPosition,
                        connection -> table.readAll(connection, fromPosition, maxCount));
            }

            @Override
            public long head() {
                return database.read("read the head", table::head);
            }

            @Override
            public void advance(long head) {
                PostgresEventStore.this.advance(head);
            }
        }, signal, config.tailWindow(), MAX_WINDOW_BYTES, config.pollInterval().multipliedBy(3));
        this.appends = new AppendQueue("chorus-appends-" + config.schema(), MAX_BATCH_EVENTS, MAX_BATCH_BYTES,
                this::write, () -> new StoreClosed("this PostgreSQL event store is closed; open it again"));
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

    /**
     * Appends in one transaction with the other appends of this store that are waiting meanwhile, and returns once
     * it is committed. A conflict refuses this append only.
     */
    @Override
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        var prepared = preparation.prepare(streamId, expected, events);
        var pending = new AppendQueue.Pending(streamId, expected, prepared);
        appends.offer(pending);
        return pending.await();
    }

    /**
     * Imports each event at the end of its stream, keeping its metadata but for recorded-at, which this store stamps
     * (the one it came with is kept under {@link EventImporter#ORIGIN_RECORDED_AT}). An event whose id is already in the store,
     * or earlier in the batch, is skipped. One transaction: all new events or none.
     */
    @Override
    public int importEvents(List<ImportedEvent> events) {
        var prepared = preparation.prepareImport(events);
        database.ensureOpen();
        if (prepared.isEmpty()) {
            return 0;
        }
        try (var write = ownCommits.begin()) {
            return importPrepared(prepared, write);
        }
    }

    private int importPrepared(List<ImportedEvent> prepared, OwnCommits.Write write) {
        var imported = database.transaction("import " + prepared.size() + " events", connection -> {
            long next = table.lockHead(connection);
            var present = table.presentIdsAndVersions(connection,
                    prepared.stream().map(ImportedEvent::eventId).toList(),
                    prepared.stream().map(ImportedEvent::streamId).toList());
            var seen = present.eventIds();
            var versions = present.versions();
            var rows = new ArrayList<EventTable.Row>();
            for (ImportedEvent event : prepared) {
                if (seen.add(event.eventId())) {
                    long version = versions.merge(event.streamId(), 0L, (last, none) -> last + 1);
                    rows.add(new EventTable.Row(next + rows.size(), event.streamId(), version, event.event()));
                }
            }
            if (!rows.isEmpty()) {
                write.reach(next + rows.size());
                table.insert(connection, rows);
                table.moveHead(connection, next + rows.size());
            }
            return new Imported(next + rows.size(), rows);
        });
        committed(imported.rows(), imported.head());
        return imported.rows().size();
    }

    @Override
    public List<RecordedEvent> readStream(String streamId, ReadDirection direction, long fromVersion, int maxCount) {
        StreamIds.validate(streamId, preparation.limits().maxStreamIdLength());
        checkPaging("fromVersion", fromVersion, maxCount);
        Objects.requireNonNull(direction, "direction");
        return database.read("read stream " + streamId,
                connection -> table.readStream(connection, streamId, direction, fromVersion, maxCount));
    }

    @Override
    public long streamVersion(String streamId) {
        StreamIds.validate(streamId, preparation.limits().maxStreamIdLength());
        return database.read("read the version of " + streamId, connection -> table.streamVersion(connection, streamId));
    }

    @Override
    public List<RecordedEvent> readAll(long fromPosition, int maxCount) {
        checkPaging("fromPosition", fromPosition, maxCount);
        return database.read("read all from " + fromPosition,
                connection -> table.readAll(connection, fromPosition, maxCount));
    }

    /**
     * The head. While this store follows the head for a subscription (listening, and heard from within three poll
     * intervals), the head it has learned, without asking the database: its own writes at once, those of other
     * instances once their notification arrived, usually a moment after they commit. Otherwise, and always from
     * {@link #databaseHead()}, the head as the database has it now.
     */
    @Override
    public long headPosition() {
        var following = listener;
        if (following != null && following.isListening() && tail.fresh()) {
            return tail.headPosition();
        }
        return databaseHead();
    }

    /** The head as the database has it now, appends of other instances included: one read. */
    public long databaseHead() {
        long head = database.read("read the head", table::head);
        advance(head);
        return head;
    }

    /** How often this store's subscriptions read the table so far: see {@link SubscriptionReads}. */
    public SubscriptionReads subscriptionReads() {
        return new SubscriptionReads(tail.tailReads(), tail.catchUpReads(), tail.headReads());
    }

    @Override
    public Subscription subscribe(long fromPosition, SubscriptionFilter filter, SubscriptionHandler handler) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(handler, "handler");
        startListening();
        return CatchUpSubscription.start(tail, signal, fromPosition, filter, handler);
    }

    /**
     * Writes the appends already waiting and refuses new ones, stops listening, ends running subscriptions with
     * {@code StoreClosed}, and closes the pool.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        // Not under the monitor: the writer finishing the queued appends must not wait for this thread.
        appends.close();
        HeadListener stopping;
        synchronized (this) {
            stopping = listener;
            listener = null;
        }
        database.close();
        signal.close();
        if (stopping != null) {
            stopping.close();
        }
    }

    /** The first subscription starts the listener: a store that only appends keeps no extra connection. */
    private synchronized void startListening() {
        database.ensureOpen();
        if (closing) {
            throw new StoreClosed("this PostgreSQL event store is closing");
        }
        if (listener == null) {
            tail.activate(signal.head());
            listener = HeadListener.start(new HeadListener.Source() {
                @Override
                public Connection connect() throws SQLException {
                    return database.connectOutsidePool();
                }

                @Override
                public long head(Connection connection) throws SQLException {
                    return table.head(connection);
                }
            }, table.channel(), database.config().pollInterval(), this::heard);
        }
    }

    private void heard(long head) {
        tail.heard();
        if (ownCommits.hear(head)) {
            advance(head);
        }
    }

    /** The rows of a committed write go to the window before the signal wakes the subscriptions that want them. */
    private void committed(List<EventTable.Row> rows, long head) {
        if (!rows.isEmpty() && tail.active()) {
            var events = new ArrayList<RecordedEvent>(rows.size());
            for (var row : rows) {
                var event = row.event();
                // The appender's own array: copied, since the window shares these events with every reader.
                events.add(new RecordedEvent(row.position(), row.streamId(), row.version(), event.type(),
                        event.data().clone(), event.metadata()));
            }
            tail.committed(events);
        }
        advance(head);
    }

    /** Heads arrive from appends here, the listener and reads, in any order: the signal only moves forward. */
    private void advance(long head) {
        synchronized (signal) {
            if (head > signal.head()) {
                signal.advance(head);
            }
        }
    }

    /**
     * Writes a batch of appends in one transaction: each is checked against its stream's version as the batch has
     * left it, so two appends of one batch to one stream behave as if made one after the other.
     */
    private void write(List<AppendQueue.Pending> batch) {
        try (var write = ownCommits.begin()) {
            write(batch, write);
        }
    }

    private void write(List<AppendQueue.Pending> batch, OwnCommits.Write write) {
        var written = database.transaction("append " + batch.size() + " batch(es)", connection -> {
            long next = table.lockHead(connection);
            var versions = table.streamVersions(connection, batch.stream().map(AppendQueue.Pending::streamId).toList());
            var rows = new ArrayList<EventTable.Row>();
            var outcomes = new ArrayList<AppendQueue.Outcome>(batch.size());
            for (var append : batch) {
                long actual = versions.getOrDefault(append.streamId(), ExpectedVersion.NO_STREAM_VERSION);
                if (!append.expected().isSatisfiedBy(actual)) {
                    outcomes.add(new AppendQueue.Outcome.Conflict(actual));
                    continue;
                }
                long first = next + rows.size();
                long version = actual;
                for (NewEvent event : append.events()) {
                    rows.add(new EventTable.Row(next + rows.size(), append.streamId(), ++version, event));
                }
                versions.put(append.streamId(), version);
                outcomes.add(new AppendQueue.Outcome.Written(new AppendResult(append.streamId(), first,
                        next + rows.size() - 1, version)));
            }
            if (!rows.isEmpty()) {
                write.reach(next + rows.size());
                table.insert(connection, rows);
                table.moveHead(connection, next + rows.size());
            }
            return new Written(next + rows.size(), rows, outcomes);
        });
        committed(written.rows(), written.head());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).outcome().complete(written.outcomes().get(i));
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

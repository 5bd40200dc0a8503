package dev.chorus.cli;

import dev.chorus.core.ValidationError;
import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterNotFound;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.state.StateStore;
import dev.chorus.distributed.FactsLocation;
import dev.chorus.distributed.RoleLock;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.log.state.StateStoreConfig;
import dev.chorus.postgres.PostgresConfig;
import dev.chorus.postgres.PostgresFailure;
import dev.chorus.postgres.PostgresStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where the offline commands find a service's stores (its dead letters, its read models): in its data directory
 * ({@code --data-dir}, the embedded shape), or in a distributed role's PostgreSQL schema ({@code --postgres} and
 * {@code --schema}).
 */
class ServiceStore {
    /** What a missing data directory's refusal adds: the user may have meant a role started with chorus run. */
    static final String OR_DISTRIBUTED = ", or --postgres and --schema for a role started with chorus run";

    @Spec(Spec.Target.MIXEE) // the command this is mixed into, injected by picocli
    CommandSpec command;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "the service's data directory: its log, and its state store in DIR/state (default: "
                    + DataDir.DEFAULT + ")")
    @Nullable Path dataDir;

    @Option(names = "--postgres", paramLabel = "JDBC_URL",
            description = {"instead of --data-dir: the PostgreSQL database of a role started with chorus run,"
                    + " e.g.", "jdbc:postgresql://127.0.0.1/chorus?user=chorus"})
    @Nullable String postgres;

    @Option(names = "--schema", paramLabel = "NAME",
            description = "with --postgres: the role's schema (chorus run's default: chorus_<role>)")
    @Nullable String schema;

    /** Whether the dead letters are a distributed role's, whose running leader acts on a retry at once. */
    boolean distributed() {
        return where() instanceof Where.InPostgres;
    }

    /** The opened state store, or empty when the service never wrote state (so it has no dead letters). */
    Optional<? extends StateStore> open() {
        return switch (where()) {
            case Where.InDirectory dir -> {
                var config = StateStoreConfig.besideLog(DataDir.existing(dir.path(), OR_DISTRIBUTED));
                // Listing must not leave an empty store behind in a directory it was only asked to read.
                yield Files.isDirectory(config.dir()) ? Optional.of(EmbeddedStateStore.open(config)) : Optional.empty();
            }
            case Where.InPostgres db -> hasTable(db.config(), "state")
                    ? Optional.of(PostgresStateStore.open(db.config())) : Optional.empty();
        };
    }

    /** Where the state store is, for messages: a directory, or a schema and the database without its password. */
    String describe() {
        return switch (where()) {
            case Where.InDirectory dir -> StateStoreConfig.besideLog(dir.path().toAbsolutePath().normalize()).dir()
                    .toString();
            case Where.InPostgres db -> "PostgreSQL schema " + db.config().schema() + " of " + db.config().describeUrl();
        };
    }

    /**
     * Opens the store, applies {@code action} to the dead letter named {@code id} and closes the store again. A
     * service that never wrote state has no dead letters: {@link DeadLetterNotFound}.
     */
    <T> T withDeadLetter(String id, BiFunction<DeadLetters, DeadLetterId, T> action) {
        var parsed = parseId(id);
        try (var state = open().orElseThrow(() -> noStore(parsed))) {
            return action.apply(deadLetters(state), parsed);
        }
    }

    /** A directory whose service never wrote state has no dead letters; a schema without a store is mistyped. */
    private RuntimeException noStore(DeadLetterId id) {
        return switch (where()) {
            case Where.InDirectory dir -> new DeadLetterNotFound(id);
            case Where.InPostgres db -> new ValidationError("schema", "there is no state store in " + describe()
                    + ": pass the --schema of a role started with chorus run (chorus_<role> by default)");
        };
    }

    static DeadLetters deadLetters(StateStore store) {
        return new DeadLetters(store, Clock.systemUTC());
    }

    Where where() {
        if (postgres == null) {
            if (schema != null) {
                throw usage("--schema goes with --postgres: it names the role's schema in that database");
            }
            Path dir = dataDir == null ? Path.of(DataDir.DEFAULT) : dataDir;
            if (FactsLocation.isRoleLog(dir)) {
                throw usage(dir + " holds the log of a role started with chorus run --data-dir, whose state is in its"
                        + " PostgreSQL schema: pass --postgres and --schema" + (readsEvents() ? " beside --data-dir" : ""
                        + " instead"));
            }
            return new Where.InDirectory(dir);
        }
        if (dataDir != null && !readsEvents()) {
            throw usage("--data-dir and --postgres exclude each other here: a role started with chorus run keeps its"
                    + " state (dead letters among it) in its PostgreSQL schema, even with --data-dir: leave --data-dir"
                    + " out");
        }
        if (schema == null) {
            throw usage("--postgres needs --schema NAME, the role's schema: chorus_<role> unless chorus run was"
                    + " given --schema (chorus_inventory, say)");
        }
        String name = schema;
        return new Where.InPostgres(PostgresConfig.of(postgres, c -> c.schema = name), Optional.ofNullable(dataDir));
    }

    /**
     * Whether this command reads the service's facts, and so takes {@code --data-dir} beside {@code --postgres}: the
     * log of a role started with chorus run --data-dir, whose schema keeps only its state.
     */
    boolean readsEvents() {
        return false;
    }

    /**
     * With {@code --postgres} and no {@code --schema}: every schema of the database that holds a Chorus state store
     * (a role's of chorus run, by their migrations' history), in name order; empty otherwise.
     */
    Optional<List<PostgresConfig>> everySchema() {
        if (postgres == null || schema != null) {
            return Optional.empty();
        }
        if (dataDir != null) {
            throw usage("--data-dir and --postgres exclude each other here: leave --data-dir out");
        }
        String url = PostgresConfig.defaults(postgres).jdbcUrl(); // refuses what is no PostgreSQL JDBC URL, first
        var configs = new ArrayList<PostgresConfig>();
        try (var connection = DriverManager.getConnection(url, new Properties());
             var query = connection.prepareStatement("SELECT s.table_schema FROM information_schema.tables s"
                     + " JOIN information_schema.tables h ON h.table_schema = s.table_schema"
                     + " AND h.table_name = 'schema_history' WHERE s.table_name = 'state' ORDER BY 1");
             var rows = query.executeQuery()) {
            while (rows.next()) {
                String name = rows.getString(1);
                configs.add(PostgresConfig.of(url, c -> c.schema = name));
            }
        } catch (SQLException e) {
            throw new PostgresFailure("list the schemas with a state store", e);
        }
        return Optional.of(configs);
    }

    /** A dead-letter id as given on the command line: one that does not read {@code <handler>@<position>} is a usage error. */
    DeadLetterId parseId(String id) {
        try {
            return DeadLetterId.parse(id);
        } catch (ValidationError malformed) {
            throw usage(malformed.getMessage());
        }
    }

    ParameterException usage(String message) {
        return new ParameterException(command.commandLine(), message);
    }

    /**
     * Keeps the service's handlers and projections out while {@code action} rewrites what they own: a data
     * directory's own lock does (the open store holds it), a role's leadership is taken here.
     *
     * @throws dev.chorus.distributed.RoleRunning the role's leadership is held now
     */
    Exclusive exclusive(String action) {
        return switch (where()) {
            case Where.InDirectory dir -> new Exclusive() {
                @Override
                public void ensureHeld() {}

                @Override
                public void close() {}
            };
            case Where.InPostgres db -> {
                var lock = RoleLock.take(db.config().jdbcUrl(), db.config().schema(), action);
                yield new Exclusive() {
                    @Override
                    public void ensureHeld() {
                        lock.ensureHeld();
                    }

                    @Override
                    public void close() {
                        lock.close();
                    }
                };
            }
        };
    }

    /** The hold {@link #exclusive} took; {@link #ensureHeld()} fails once it is lost. */
    interface Exclusive extends AutoCloseable {
        void ensureHeld();

        @Override
        void close();
    }

    /**
     * Whether the schema holds {@code table} (the state store's {@code state}, the event store's {@code events}),
     * asked without creating either (opening a store would).
     */
    static boolean hasTable(PostgresConfig config, String table) {
        try (var connection = DriverManager.getConnection(config.jdbcUrl(), new Properties());
             var statement = connection.prepareStatement(
                     "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            statement.setString(1, config.schema());
            statement.setString(2, table);
            try (var rows = statement.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new PostgresFailure("look for table " + table + " in schema " + config.schema(), e);
        }
    }

    sealed interface Where {
        record InDirectory(Path path) implements Where {}

        /** A role's schema, and the data directory of its log when its facts are not in the schema. */
        record InPostgres(PostgresConfig config, Optional<Path> log) implements Where {}
    }
}

package dev.chorus.cli;

import dev.chorus.core.EventStore;
import dev.chorus.core.ValidationError;
import dev.chorus.core.projection.ProjectionRegistry;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateStore;
import dev.chorus.distributed.FactsLocation;
import dev.chorus.distributed.ProcessConfig;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import dev.chorus.log.LogLocked;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.log.state.StateStoreConfig;
import dev.chorus.postgres.PostgresEventStore;
import dev.chorus.postgres.PostgresStateStore;
import java.nio.file.Files;
import java.util.ArrayList;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where the projections commands find a service's log and read models, and which projections run there: the
 * application's, in a demo's data directory; a role's, in the PostgreSQL schema of a role started with chorus run.
 */
final class ProjectionData extends ServiceStore {
    private static final String PROJECTION_CHECKPOINTS = Checkpoints.PREFIX + "projection/";

    @Option(names = "--role", paramLabel = "ROLE",
            description = "with --postgres: the role whose schema it is (default: ROLE of a schema named"
                    + " chorus_ROLE, as chorus run names them)")
    @Nullable String role;

    /** The projections that run where the data is. */
    ProjectionRegistry registry(ChorusApplication application) {
        return switch (where()) {
            case Where.InDirectory dir -> {
                if (role != null) {
                    throw usage("--role goes with --postgres: a data directory holds every service's projections");
                }
                yield application.projectionRegistry();
            }
            case Where.InPostgres db -> {
                String schema = db.config().schema();
                String roles = String.join(", ", application.roleNames());
                String named = roleNamedBy(schema);
                if (role == null) {
                    if (named == null) {
                        throw usage("--schema " + schema + " is not named chorus_ROLE: name the role with --role");
                    }
                    yield application.roleRegistry(named).orElseThrow(() -> usage("--schema " + schema
                            + " names no role of the " + application.name() + " application (" + roles + "): check"
                            + " --schema, or name the role with --role"));
                }
                if (named != null && !named.equals(role) && application.roleRegistry(named).isPresent()) {
                    throw usage("--schema " + schema + " is the " + named + " role's (chorus run's default name), not "
                            + role + "'s: leave --role out, or pass the schema the " + role + " role runs on");
                }
                yield application.roleRegistry(role).orElseThrow(() -> usage("there is no role " + role + "; the "
                        + application.name() + " application's roles are " + roles));
            }
        };
    }

    /**
     * Refuses a role whose projections are not the ones {@code state} holds: a schema whose read models are all
     * another role's was named with the wrong {@code --role}, and a rebuild would write beside them. A schema named
     * after the role (chorus run's default) is its own: a projection renamed since leaves only old checkpoints there.
     */
    void requireRoleOf(StateStore state, ProjectionRegistry registry) {
        if (!(where() instanceof Where.InPostgres db)) {
            return;
        }
        String named = roleNamedBy(db.config().schema());
        if (named != null && (role == null || role.equals(named))) {
            return;
        }
        var stored = new ArrayList<String>();
        state.forEach(PROJECTION_CHECKPOINTS, entry -> stored.add(entry.key().substring(PROJECTION_CHECKPOINTS.length())));
        if (!stored.isEmpty() && stored.stream().noneMatch(registry.names()::contains)) {
            throw new ValidationError("role", describe() + " holds the read models of " + String.join(", ", stored)
                    + ", none of which the role runs (" + String.join(", ", registry.names()) + "): is --role right?");
        }
    }

    /**
     * Whether there is data to read: a data directory, or a schema with a state store. A directory that holds no log
     * and a schema without an event store are refused: nothing ran there, so the name is mistyped (a missing
     * directory is not: it is where the demo has not run yet).
     */
    boolean exists() {
        return switch (where()) {
            case Where.InDirectory dir -> {
                if (!Files.isDirectory(dir.path())) {
                    yield false;
                }
                DataDir.existingLog(dir.path()); // refuses a directory without a log
                yield true;
            }
            case Where.InPostgres db -> {
                requireEvents(db, false);
                yield hasTable(db.config(), "state");
            }
        };
    }

    @Override
    boolean readsEvents() {
        return true;
    }

    /**
     * A role's facts are where its schema says (its own events table, or the log of the data directory chorus run
     * was given), and only there: a rebuild from an empty table would wipe every read model.
     */
    private void requireEvents(Where.InPostgres db, boolean toRead) {
        if (!hasTable(db.config(), "state")) {
            if (db.log().isPresent()) {
                throw new ValidationError("schema", "there is no state store in " + describe()
                        + ": pass the --schema of the role chorus run was given --data-dir for");
            }
        } else {
            try (var state = PostgresStateStore.open(db.config())) {
                boolean inLog = FactsLocation.inLog(state);
                if (db.log().isPresent() && !inLog) {
                    throw usage(describe() + " keeps its role's facts in PostgreSQL, not in a data directory's log:"
                            + " leave --data-dir out");
                }
                if (db.log().isPresent() && !FactsLocation.inLogOf(state, db.log().get())) {
                    throw new ValidationError("data-dir", "the log in " + db.log().get().toAbsolutePath().normalize()
                            + " is not the one whose facts " + describe() + " keeps the state of: pass the --data-dir"
                            + " its role runs with" + FactsLocation.lastDir(state).map(dir -> " (" + dir + " when it"
                            + " last started)").orElse(""));
                }
                if (db.log().isEmpty() && inLog && toRead) {
                    throw new ValidationError("data-dir", describe() + " belongs to a role that keeps its facts in the"
                            + " log of a data directory (chorus run --data-dir): pass that --data-dir too, once the"
                            + " role is stopped (its process holds the log)");
                }
                if (inLog) {
                    return;
                }
            }
        }
        if (!hasTable(db.config(), "events")) {
            throw new ValidationError("schema", "there is no event store in " + describe()
                    + ": pass the --schema of a role started with chorus run");
        }
    }

    /** What {@link #exists()} did not find, for messages. */
    String describeAbsence() {
        return switch (where()) {
            case Where.InDirectory dir -> "no data directory at " + dir.path().toAbsolutePath().normalize();
            case Where.InPostgres db -> "no state store in " + describe();
        };
    }

    /** The log, or the role's event store; where there is none, nothing is created and the error says so. */
    EventStore openEvents() {
        return switch (where()) {
            case Where.InDirectory dir -> EmbeddedLog.open(LogConfig.defaults(DataDir.existingLog(dir.path(),
                    OR_DISTRIBUTED)));
            case Where.InPostgres db -> {
                requireEvents(db, true);
                if (db.log().isEmpty()) {
                    yield PostgresEventStore.open(db.config());
                }
                try {
                    yield EmbeddedLog.open(LogConfig.defaults(DataDir.existingLog(db.log().get())));
                } catch (LogLocked running) {
                    throw new ValidationError("data-dir", "the log in " + running.dataDir().toAbsolutePath().normalize()
                            + " is open in its role's process (chorus run --data-dir): lag and rebuild read it once the"
                            + " role is stopped; list reads only the checkpoints, and needs no --data-dir");
                }
            }
        };
    }

    /** Where the events are, for messages. */
    String describeEvents() {
        return switch (where()) {
            case Where.InDirectory dir -> "the log in " + dir.path().toAbsolutePath().normalize();
            case Where.InPostgres db -> db.log().map(dir -> "the log in " + dir.toAbsolutePath().normalize())
                    .orElse("the event store in " + describe());
        };
    }

    /** The state store, created when missing: a rebuild writes one. */
    StateStore openOrCreateState() {
        return switch (where()) {
            case Where.InDirectory dir ->
                    EmbeddedStateStore.open(StateStoreConfig.besideLog(DataDir.existing(dir.path())));
            case Where.InPostgres db -> PostgresStateStore.open(db.config());
        };
    }

    /** The role a schema named {@code chorus_<role>} belongs to, as chorus run names them; null for another name. */
    private static @Nullable String roleNamedBy(String schema) {
        String prefix = ProcessConfig.SCHEMA_PREFIX;
        if (schema.startsWith(prefix) && schema.length() > prefix.length()) {
            return schema.substring(prefix.length());
        }
        return null;
    }
}

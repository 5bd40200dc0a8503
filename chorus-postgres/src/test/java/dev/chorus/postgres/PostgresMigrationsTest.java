package dev.chorus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.postgres.internal.Migrations;
import dev.chorus.testkit.TestEvents;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Migrations run at start: each once, whoever starts first, and never on a schema from a newer Chorus. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PostgresMigrationsTest {
    @RegisterExtension
    static final TestSchemas schemas = new TestSchemas();

    @Test
    void opening_a_store_creates_the_schema_and_applies_every_migration_in_order() throws Exception {
        String schema = schemas.freshSchema();

        PostgresEventStore.open(schemas.config(schema)).close();

        assertThat(history(schema)).containsExactly("1 events", "2 state");
        assertThat(Migrations.latest()).isEqualTo(2);
    }

    @Test
    void opening_again_applies_nothing_and_changes_nothing() throws Exception {
        String schema = schemas.freshSchema();
        try (var store = PostgresEventStore.open(schemas.config(schema))) {
            store.append("order-1", ExpectedVersion.noStream(),
                    TestEvents.event("placed"));
        }
        var before = historyWithTimes(schema);

        PostgresStateStore.open(schemas.config(schema)).close();
        try (var again = PostgresEventStore.open(schemas.config(schema))) {
            assertThat(again.headPosition()).isEqualTo(1);
        }

        assertThat(historyWithTimes(schema)).isEqualTo(before);
        try (var connection = schemas.database().connect()) {
            connection.setAutoCommit(false);
            assertThat(Migrations.apply(connection, schema)).as("migrations applied by a third start").isEmpty();
            connection.rollback();
        }
    }

    @Test
    void stores_starting_together_on_a_new_schema_apply_each_migration_once_and_all_open() throws Exception {
        String schema = schemas.freshSchema();
        int starters = 6;
        var ready = new CountDownLatch(starters);
        var tasks = new ArrayList<Callable<AutoCloseable>>();
        for (int i = 0; i < starters; i++) {
            boolean events = i % 2 == 0;
            tasks.add(() -> {
                ready.countDown();
                ready.await();
                return events ? PostgresEventStore.open(schemas.config(schema))
                        : PostgresStateStore.open(schemas.config(schema));
            });
        }

        var opened = new ArrayList<AutoCloseable>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<AutoCloseable> future : executor.invokeAll(tasks)) {
                opened.add(future.get(60, TimeUnit.SECONDS));
            }
        } finally {
            for (var store : opened) {
                store.close();
            }
        }

        assertThat(opened).hasSize(starters);
        assertThat(history(schema)).containsExactly("1 events", "2 state");
        assertThat(count("SELECT count(*) FROM \"" + schema + "\".head")).as("head rows").isEqualTo(1);
    }

    @Test
    void a_schema_migrated_by_a_newer_chorus_is_refused_with_both_versions() throws Exception {
        String schema = schemas.freshSchema();
        PostgresStateStore.open(schemas.config(schema)).close();
        execute("INSERT INTO \"" + schema + "\".schema_history (version, name) VALUES (99, 'from the future')");

        assertThatThrownBy(() -> PostgresEventStore.open(schemas.config(schema)))
                .isInstanceOfSatisfying(SchemaTooNew.class, e -> {
                    assertThat(e.schema()).isEqualTo(schema);
                    assertThat(e.databaseVersion()).isEqualTo(99);
                    assertThat(e.knownVersion()).isEqualTo(Migrations.latest());
                    assertThat(e.getMessage()).contains(schema, "99");
                });
        assertThatThrownBy(() -> PostgresStateStore.open(schemas.config(schema))).isInstanceOf(SchemaTooNew.class);
    }

    @Test
    void an_empty_schema_made_beforehand_by_an_administrator_is_migrated_in_place() throws Exception {
        String schema = schemas.freshSchema();
        execute("CREATE SCHEMA \"" + schema + "\"");

        try (var store = PostgresStateStore.open(schemas.config(schema))) {
            store.put("k", new byte[] {1});
        }

        assertThat(history(schema)).containsExactly("1 events", "2 state");
    }

    @Test
    void a_role_with_only_data_privileges_starts_on_a_migrated_schema_and_writes() throws Exception {
        String schema = schemas.freshSchema();
        PostgresEventStore.open(schemas.config(schema)).close();
        String role = schemas.database().name() + "_app";
        String password = "app-" + ProcessHandle.current().pid();
        execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        try {
            execute("GRANT CONNECT ON DATABASE " + schemas.database().name() + " TO " + role);
            execute("GRANT USAGE ON SCHEMA \"" + schema + "\" TO " + role);
            execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \"" + schema + "\" TO " + role);

            try (var store = PostgresEventStore.open(schemas.config(schema, c -> {
                c.user = role;
                c.password = password;
            }))) {
                store.append("order-1", ExpectedVersion.noStream(), TestEvents.event("placed"));
                assertThat(store.headPosition()).isEqualTo(1);
            }
        } finally {
            execute("DROP OWNED BY " + role);
            execute("DROP ROLE " + role);
        }
    }

    private static List<String> history(String schema) throws SQLException {
        return rows("SELECT version || ' ' || name FROM \"" + schema + "\".schema_history ORDER BY version");
    }

    private static List<String> historyWithTimes(String schema) throws SQLException {
        return rows("SELECT version || ' ' || name || ' ' || applied_at FROM \"" + schema
                + "\".schema_history ORDER BY version");
    }

    private static long count(String sql) throws SQLException {
        return Long.parseLong(rows(sql).getFirst());
    }

    private static List<String> rows(String sql) throws SQLException {
        try (var connection = schemas.database().connect(); var query = connection.prepareStatement(sql);
             var rows = query.executeQuery()) {
            var all = new ArrayList<String>();
            while (rows.next()) {
                all.add(rows.getString(1));
            }
            return all;
        }
    }

    private static void execute(String sql) throws SQLException {
        try (var connection = schemas.database().connect(); var statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }
}

package dev.chorus.cli;

import static dev.chorus.cli.SampleDeadLetters.letter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterStatus;
import dev.chorus.core.handler.DeadLetterStore;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.handler.HandlerConfig;
import dev.chorus.core.handler.HandlerRegistration;
import dev.chorus.core.handler.Handlers;
import dev.chorus.distributed.RoleLock;
import dev.chorus.distributed.internal.RequestedRetries;
import dev.chorus.kafka.DeadLetterBoard;
import dev.chorus.postgres.PostgresConfig;
import dev.chorus.postgres.PostgresEventStore;
import dev.chorus.postgres.PostgresStateStore;
import dev.chorus.testkit.postgres.PostgresFixture;
import dev.chorus.testkit.postgres.TestDatabase;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code chorus dlq --postgres URL --schema NAME}: the same commands on the dead letters of a distributed role, in
 * its PostgreSQL state store, with the role stopped or running.
 */
class DlqOnPostgresTest {

    private static TestDatabase database;
    private static String url;
    private static int schemas;

    @BeforeAll
    static void createDatabase() {
        database = PostgresFixture.shared().newDatabase();
        url = database.jdbcUrlWithCredentials();
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    private static String newSchema() {
        return "dlq_" + (++schemas);
    }

    private static Cli.Result dlq(String schema, String... args) {
        var all = new ArrayList<>(List.of("dlq"));
        all.addAll(List.of(args));
        all.addAll(List.of("--postgres", url, "--schema", schema));
        return Cli.run(all.toArray(String[]::new));
    }

    private static PostgresStateStore state(String schema) {
        return PostgresStateStore.open(PostgresConfig.of(url, c -> c.schema = schema));
    }

    private static String given(DeadLetter... letters) {
        String schema = newSchema();
        try (var state = state(schema)) {
            var store = new DeadLetterStore(state);
            for (var letter : letters) {
                store.put(letter);
            }
        }
        return schema;
    }

    private static DeadLetter stored(String schema, DeadLetterId id) {
        try (var state = state(schema)) {
            return new DeadLetterStore(state).require(id);
        }
    }

    @Nested
    class With_the_role_stopped {
        @Test
        void list_and_show_read_the_dead_letters_of_the_roles_schema() {
            String schema = given(letter("inventory.reactions", 4, "sku 4 is broken"), letter("audit", 7, "no"));

            var list = dlq(schema, "list");
            var show = dlq(schema, "show", "inventory.reactions@4");

            assertThat(list.exitCode()).as(list.toString()).isZero();
            var lines = list.out().lines().toList();
            assertThat(lines.getFirst()).contains("ID", "STATUS", "ATTEMPTS", "LAST FAILURE", "EVENT", "ERROR");
            assertThat(lines.get(1)).contains("audit@7", "open");
            assertThat(lines.get(2)).contains("inventory.reactions@4", "open", "3", "order-4 shop.OrderPlaced/v1",
                    "IllegalStateException: sku 4 is broken");
            assertThat(lines.get(3)).isEqualTo("2 pending dead letters");
            assertThat(show.exitCode()).as(show.toString()).isZero();
            assertThat(show.out()).contains("dead letter inventory.reactions@4", "handler:", "inventory.reactions",
                    "message:        sku 4 is broken", "at shop.Billing.placed(Billing.java:42)");
        }

        @Test
        void list_without_a_schema_shows_every_roles_dead_letters_schema_by_schema() {
            try (var own = PostgresFixture.shared().newDatabase()) {
                // given two roles' schemas with dead letters, one without, and a schema that is no Chorus store
                String ownUrl = own.jdbcUrlWithCredentials();
                for (var schema : List.of("chorus_payments", "chorus_inventory", "chorus_shipping")) {
                    try (var state = PostgresStateStore.open(PostgresConfig.of(ownUrl, c -> c.schema = schema))) {
                        if (!schema.equals("chorus_shipping")) {
                            new DeadLetterStore(state).put(letter(schema.substring(7) + ".reactions", 3, "broken"));
                        }
                    }
                }
                try (var connection = own.connect()) {
                    connection.createStatement().execute("CREATE SCHEMA other; CREATE TABLE other.state (k text)");
                }

                // when the dead letters are listed with no --schema
                var every = Cli.run("dlq", "list", "--postgres", ownUrl);
                var paged = Cli.run("dlq", "list", "--postgres", ownUrl, "--after", "x@1");

                // then each Chorus schema is listed in name order with its own
                assertThat(every.exitCode()).as(every.toString()).isZero();
                var outline = every.out().lines()
                        .filter(line -> line.startsWith("schema ") || line.contains("@3") || line.startsWith("no "))
                        .map(line -> line.contains("@3") ? line.split(" ")[0] : line).toList();
                assertThat(outline).as(every.out()).containsExactly("schema chorus_inventory:", "inventory.reactions@3",
                        "schema chorus_payments:", "payments.reactions@3", "schema chorus_shipping:",
                        "no pending dead letters");
                assertThat(paged.exitCode()).as(paged.toString()).isEqualTo(Main.USAGE_ERROR);
                assertThat(paged.err()).contains("--after pages through one schema's dead letters: add --schema");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Test
        void retry_records_the_request_and_says_no_leader_performed_it() {
            String schema = given(letter("billing", 4, "broken"));

            var result = dlq(schema, "retry", "billing@4", "--wait", "0");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("dead letter billing@4: retry requested at",
                    "not performed within 0 s: no leader of the role is running");
            assertThat(stored(schema, DeadLetterId.of("billing", 4)).status())
                    .isInstanceOf(DeadLetterStatus.RetryRequested.class);
        }

        @Test
        void discard_closes_the_dead_letter_and_list_all_shows_it() {
            String schema = given(letter("billing", 4, "broken"), letter("billing", 5, "broken too"));

            var result = dlq(schema, "discard", "billing@4");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("dead letter billing@4: discarded at");
            assertThat(stored(schema, DeadLetterId.of("billing", 4)).status())
                    .isInstanceOf(DeadLetterStatus.Discarded.class);
            assertThat(dlq(schema, "list").out()).doesNotContain("billing@4").contains("billing@5");
            assertThat(dlq(schema, "list", "--all").out()).contains("billing@4", "discarded", "billing@5");
        }

        @Test
        void purge_waits_for_the_role_to_be_stopped_then_deletes_the_old_closed_ones() {
            var resolved = new DeadLetterStatus.Resolved(SampleDeadLetters.FAILED);
            String schema = given(letter("billing", 1, "open"), letter("billing", 2, "resolved").withStatus(resolved));

            Cli.Result refused;
            try (var leader = RoleLock.take(url, schema, "lead")) {
                refused = dlq(schema, "purge", "--older-than", "1d");
            }
            var purged = dlq(schema, "purge", "--older-than", "1d");

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.err()).contains("the leadership of schema " + schema + " is held");
            assertThat(purged.exitCode()).as(purged.toString()).isZero();
            assertThat(purged.out()).contains("purged 1 dead letter resolved or discarded more than 1d ago");
            assertThat(dlq(schema, "list", "--all").out()).contains("billing@1").doesNotContain("billing@2");
        }

        @Test
        void purge_also_ages_out_an_apis_copies_of_other_services_dead_letters() {
            // given an API's schema holding copies of payments' dead letters, one closed long ago and one open
            var resolved = new DeadLetterStatus.Resolved(SampleDeadLetters.FAILED);
            String schema = given();
            try (var state = state(schema)) {
                DeadLetterBoard.keep(state, "payments", letter("payments.reactions", 7, "old").withStatus(resolved));
                DeadLetterBoard.keep(state, "payments", letter("payments.reactions", 8, "open"));
            }

            var purged = dlq(schema, "purge", "--older-than", "1d");

            assertThat(purged.exitCode()).as(purged.toString()).isZero();
            assertThat(purged.out()).contains("purged 0 dead letters").contains("and 1 copied dead letter of other services");
            try (var state = state(schema)) {
                var copies = DeadLetterBoard.of(state).get("payments");
                assertThat(copies.get(DeadLetterId.of("payments.reactions", 7))).isEmpty();
                assertThat(copies.get(DeadLetterId.of("payments.reactions", 8))).isPresent();
            }
        }

        @Test
        void a_schema_without_a_state_store_has_no_dead_letters_and_is_not_created() throws SQLException {
            var list = dlq("nosuch", "list");
            var retry = dlq("nosuch", "retry", "billing@1");

            assertThat(list.exitCode()).as(list.toString()).isZero();
            assertThat(list.out()).contains("no dead letters: no state store in PostgreSQL schema nosuch of");
            assertThat(retry.exitCode()).as(retry.toString()).isEqualTo(1);
            assertThat(retry.err()).as("a mistyped schema, not a mistyped id")
                    .contains("there is no state store in PostgreSQL schema nosuch").contains("--schema");
            try (var connection = database.connect(); var rows = connection.createStatement()
                    .executeQuery("SELECT 1 FROM information_schema.schemata WHERE schema_name = 'nosuch'")) {
                assertThat(rows.next()).as("schema nosuch created").isFalse();
            }
        }

        @Test
        void the_password_in_the_url_is_not_shown() {
            var result = Cli.run("dlq", "list", "--postgres", url + "&password=s3cret", "--schema", "nosuch");

            assertThat(result.out() + result.err()).doesNotContain("s3cret");
        }
    }

    @Nested
    class Usage_errors {
        @Test
        void data_dir_and_postgres_exclude_each_other() {
            var result = Cli.run("dlq", "list", "--data-dir", "/tmp", "--postgres", url, "--schema", "s");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(Main.USAGE_ERROR);
            assertThat(result.err()).contains("--data-dir and --postgres exclude each other");
        }

        @Test
        void postgres_needs_a_schema_and_a_schema_needs_postgres() {
            var noSchema = Cli.run("dlq", "show", "billing@1", "--postgres", url);
            var noPostgres = Cli.run("dlq", "discard", "billing@1", "--schema", "chorus_inventory");

            assertThat(noSchema.exitCode()).as(noSchema.toString()).isEqualTo(Main.USAGE_ERROR);
            assertThat(noSchema.err()).contains("--postgres needs --schema NAME", "chorus_<role>");
            assertThat(noPostgres.exitCode()).as(noPostgres.toString()).isEqualTo(Main.USAGE_ERROR);
            assertThat(noPostgres.err()).contains("--schema goes with --postgres");
        }

        @Test
        void a_bad_schema_name_or_url_is_an_error_before_connecting() {
            var badSchema = Cli.run("dlq", "list", "--postgres", url, "--schema", "Not-A-Schema");
            var badUrl = Cli.run("dlq", "list", "--postgres", "postgres://localhost/x", "--schema", "s");
            var badUrlForEveryRole = Cli.run("dlq", "list", "--postgres", "not-a-url");

            assertThat(badSchema.exitCode()).as(badSchema.toString()).isEqualTo(1);
            assertThat(badSchema.err()).contains("schema name");
            assertThat(badUrl.exitCode()).as(badUrl.toString()).isEqualTo(1);
            assertThat(badUrl.err()).contains("jdbc:postgresql:");
            assertThat(badUrlForEveryRole.exitCode()).as(badUrlForEveryRole.toString()).isEqualTo(1);
            assertThat(badUrlForEveryRole.err()).contains("jdbc:postgresql:").doesNotContain("No suitable driver");
        }

        @Test
        void help_names_both_ways_to_find_the_dead_letters() {
            var result = Cli.run("dlq", "list", "--help");

            assertThat(result.out()).contains("--data-dir", "--postgres", "--schema");
        }
    }

    /** The role's handler running in this JVM, on the schema, with what its leader runs to perform requests. */
    @Nested
    class With_the_role_running {
        @Test
        void a_retry_after_the_fix_is_performed_by_the_running_handler_and_the_command_shows_the_outcome()
                throws Exception {
            String schema = newSchema();
            var config = PostgresConfig.of(url, c -> c.schema = schema);
            var fixed = new AtomicBoolean();
            var handled = new CopyOnWriteArrayList<String>();
            try (var events = PostgresEventStore.open(config); var state = PostgresStateStore.open(config);
                 var handlers = new Handlers(events, state, new DeadLetters(state, Clock.systemUTC()),
                         HandlerConfig.defaults());
                 var retries = RequestedRetries.start(handlers.deadLetters(), Duration.ofMillis(200), line -> { })) {
                events.append("s-1", ExpectedVersion.any(), Notes.note("bad"));
                var notes = handlers.start(HandlerRegistration.of("notes", Notes.CODEC, (note, context) -> {
                    if (!fixed.get()) {
                        throw new IllegalStateException("cannot handle " + note);
                    }
                    handled.add(note);
                }));
                assertThat(notes.awaitPosition(events.headPosition(), Duration.ofSeconds(20))).isTrue();
                assertThat(dlq(schema, "list").out()).contains("notes@0", "open", "cannot handle bad");

                var failedAgain = dlq(schema, "retry", "notes@0");
                fixed.set(true);
                var retried = dlq(schema, "retry", "notes@0");

                assertThat(failedAgain.exitCode()).as(failedAgain.toString()).isEqualTo(2);
                assertThat(failedAgain.out()).contains("dead letter notes@0: open",
                        "the retry failed again (2 attempts in all): java.lang.IllegalStateException: cannot handle bad");
                assertThat(retried.exitCode()).as(retried.toString()).isZero();
                assertThat(retried.out()).contains("dead letter notes@0: resolved at").contains("by a retry");
                assertThat(handled).containsExactly("bad");
                assertThat(dlq(schema, "list").out()).contains("no pending dead letters");
            }
        }
    }
}

package dev.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.distributed.FactsLocation;
import dev.chorus.distributed.RoleLock;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import dev.chorus.postgres.PostgresConfig;
import dev.chorus.postgres.PostgresEventStore;
import dev.chorus.postgres.PostgresStateStore;
import dev.chorus.testkit.postgres.PostgresFixture;
import dev.chorus.testkit.postgres.TestDatabase;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chorus projections --postgres URL --schema NAME}: the read models of one role started with chorus run, in
 * its PostgreSQL schema, listed, measured and rebuilt; a rebuild only while no instance of the role leads it.
 */
class ProjectionsOnPostgresTest {
    private static TestDatabase database;
    private static String url;

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

    private static Cli.Result tallies(String... args) {
        return ProjectionsCommandTest.run(Tallies.application(), args);
    }

    private static PostgresConfig config(String schema) {
        return PostgresConfig.of(url, c -> c.schema = schema);
    }

    /** A role's schema with {@code count} tallies in its event store and no state written yet. */
    private static void given(String schema, int count) {
        try (var events = PostgresEventStore.open(config(schema))) {
            Tallies.append(events, count);
        }
    }

    /** A role's schema whose role runs with --data-dir: {@code count} tallies in the log in {@code dir}. */
    private static Path givenOnItsLog(String schema, Path dir, int count) {
        try (var log = EmbeddedLog.open(LogConfig.defaults(dir));
             var state = PostgresStateStore.open(config(schema))) {
            FactsLocation.claim(state, schema, FactsLocation.log(dir), false);
            Tallies.append(log, count);
        }
        return dir;
    }

    private static Map<String, Long> rows(String schema, String prefix) {
        try (var state = PostgresStateStore.open(config(schema))) {
            var rows = new TreeMap<String, Long>();
            state.scan(prefix, 1000).forEach(row -> rows.put(row.key(), Tallies.parse(row.value())));
            return rows;
        }
    }

    private static List<String> schemas() throws SQLException {
        try (var connection = database.connect();
             var rows = connection.createStatement().executeQuery("SELECT schema_name FROM information_schema.schemata")) {
            var names = new ArrayList<String>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }

    @Test
    void lag_shows_the_role_s_projections_behind_its_event_store_and_a_rebuild_catches_one_up() {
        given("chorus_counting", 9);

        var before = tallies("projections", "lag", "--postgres", url, "--schema", "chorus_counting");
        var rebuilt = tallies("projections", "rebuild", "counters", "--postgres", url, "--schema", "chorus_counting",
                "--progress", "lines");
        var after = tallies("projections", "list", "--postgres", url, "--schema", "chorus_counting");

        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(before.out().lines()).as("the counting role runs counters only")
                .containsSubsequence("projection  checkpoint  head  lag", "counters             0     9    9");
        assertThat(before.out()).doesNotContain("seen");
        assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isZero();
        assertThat(rebuilt.out()).contains("from position 0 of the event store in PostgreSQL schema chorus_counting")
                .contains("rebuilt counters: 9 events");
        assertThat(rows("chorus_counting", "projection/counters/count/")).containsExactly(
                Map.entry("projection/counters/count/a", 3L), Map.entry("projection/counters/count/b", 6L),
                Map.entry("projection/counters/count/c", 9L));
        assertThat(after.out().lines()).containsExactly("projection  checkpoint", "counters             9");
    }

    @Test
    void lag_counts_past_the_events_after_the_checkpoint_that_the_projection_does_not_read() {
        given("chorus_skipping", 3);
        var rebuilt = tallies("projections", "rebuild", "counters", "--postgres", url, "--schema", "chorus_skipping",
                "--role", "counting");
        assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isZero();
        try (var events = PostgresEventStore.open(config("chorus_skipping"))) {
            for (int i = 0; i < 2; i++) {
                events.append("notes", ExpectedVersion.any(), NewEvent.of(EventType.of("Noted", 1), Tallies.utf8("{}")));
            }
        }

        var skipped = tallies("projections", "lag", "--postgres", url, "--schema", "chorus_skipping", "--role",
                "counting");
        given("chorus_skipping", 1);
        var behind = tallies("projections", "lag", "--postgres", url, "--schema", "chorus_skipping", "--role",
                "counting");

        assertThat(skipped.out().lines()).as(skipped.toString())
                .containsSubsequence("projection  checkpoint  head  lag", "counters             5     5    0");
        assertThat(behind.out().lines()).as(behind.toString())
                .containsSubsequence("projection  checkpoint  head  lag", "counters             5     6    1");
    }

    @Test
    void a_role_that_keeps_its_facts_in_a_data_directory_is_read_from_that_log_and_only_from_it(@TempDir Path tmp) {
        // given a role started with chorus run --data-dir: its facts in the log there, its state in its schema
        Path dir = givenOnItsLog("chorus_logged", tmp.resolve("counting-log"), 4);

        var withoutDir = tallies("projections", "lag", "--postgres", url, "--schema", "chorus_logged", "--role",
                "counting");
        var otherDir = tallies("projections", "lag", "--postgres", url, "--schema", "chorus_logged", "--role",
                "counting", "--data-dir", tmp.resolve("other").toString());
        var rebuilt = tallies("projections", "rebuild", "counters", "--postgres", url, "--schema", "chorus_logged",
                "--role", "counting", "--data-dir", dir.toString(), "--progress", "lines");
        var lag = tallies("projections", "lag", "--postgres", url, "--schema", "chorus_logged", "--role", "counting",
                "--data-dir", dir.toString());

        assertThat(withoutDir.exitCode()).as(withoutDir.toString()).isEqualTo(1);
        assertThat(withoutDir.err()).contains("(chorus run --data-dir): pass that --data-dir too");
        assertThat(otherDir.exitCode()).as(otherDir.toString()).isEqualTo(1);
        assertThat(otherDir.err()).contains("is not the one whose facts");
        assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isZero();
        assertThat(rebuilt.out()).contains("from position 0 of the log in " + dir.toAbsolutePath().normalize())
                .contains("rebuilt counters: 4 events");
        assertThat(rows("chorus_logged", "projection/counters/count/")).hasSize(3);
        assertThat(lag.out().lines()).as(lag.toString())
                .containsSubsequence("projection  checkpoint  head  lag", "counters             4     4    0");
    }

    @Test
    void the_directory_of_a_role_run_with_a_data_dir_is_read_only_beside_its_schema(@TempDir Path tmp) {
        // given a role started with chorus run --data-dir, whose facts are in the log there and state in its schema
        Path dir = givenOnItsLog("chorus_held", tmp.resolve("counting-log"), 2);

        // when the commands are given its directory alone, or the dead letters both, or it runs (its log open)
        var alone = tallies("projections", "lag", "--data-dir", dir.toString());
        var dlqAlone = Cli.run("dlq", "list", "--data-dir", dir.toString());
        var dlqBoth = Cli.run("dlq", "list", "--postgres", url, "--schema", "chorus_held", "--data-dir", dir.toString());
        Cli.Result running;
        Cli.Result listed;
        try (var held = EmbeddedLog.open(LogConfig.defaults(dir))) {
            running = tallies("projections", "lag", "--postgres", url, "--schema", "chorus_held", "--role", "counting",
                    "--data-dir", dir.toString());
            listed = tallies("projections", "list", "--postgres", url, "--schema", "chorus_held", "--role", "counting");
        }

        // then each says what to pass instead, and list reads the checkpoints while the role runs
        assertThat(alone.exitCode()).as(alone.toString()).isEqualTo(64);
        assertThat(alone.err()).contains("holds the log of a role started with chorus run --data-dir")
                .contains("pass --postgres and --schema beside --data-dir");
        assertThat(dlqAlone.exitCode()).as(dlqAlone.toString()).isEqualTo(64);
        assertThat(dlqAlone.err()).contains("pass --postgres and --schema instead");
        assertThat(dlqBoth.exitCode()).as(dlqBoth.toString()).isEqualTo(64);
        assertThat(dlqBoth.err()).contains("leave --data-dir out");
        assertThat(running.exitCode()).as(running.toString()).isEqualTo(1);
        assertThat(running.err()).contains("is open in its role's process").contains("once the role is stopped");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.out().lines()).containsExactly("projection  checkpoint", "counters             0");
    }

    @Test
    void a_rebuild_is_refused_while_an_instance_of_the_role_leads_its_schema() {
        given("chorus_auditing", 3);

        Cli.Result refused;
        try (var leader = RoleLock.take(url, "chorus_auditing", "act as its leader")) {
            refused = tallies("projections", "rebuild", "seen", "--postgres", url, "--schema", "chorus_auditing");
        }
        var afterwards = tallies("projections", "rebuild", "seen", "--postgres", url, "--schema", "chorus_auditing");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("chorus: the leadership of schema chorus_auditing is held")
                .contains("then rebuild seen");
        assertThat(afterwards.exitCode()).as("once no instance leads: " + afterwards).isZero();
        assertThat(rows("chorus_auditing", "projection/seen/seen/")).hasSize(3);
    }

    @Test
    void a_schema_without_an_event_store_is_named_and_nothing_is_created_there() throws SQLException {
        var lag = tallies("projections", "lag", "--postgres", url, "--schema", "chorus_counting_typo", "--role",
                "counting");

        assertThat(lag.exitCode()).as(lag.toString()).isEqualTo(1);
        assertThat(lag.err()).contains("there is no event store in PostgreSQL schema chorus_counting_typo");
        assertThat(schemas()).doesNotContain("chorus_counting_typo");
    }

    @Test
    void the_role_comes_from_a_schema_named_chorus_role_or_from_role() {
        given("tallies_elsewhere", 2);

        var unnamed = tallies("projections", "list", "--postgres", url, "--schema", "tallies_elsewhere");
        var named = tallies("projections", "list", "--postgres", url, "--schema", "tallies_elsewhere", "--role",
                "auditing");
        var unknown = tallies("projections", "list", "--postgres", url, "--schema", "chorus_nobody");

        assertThat(unnamed.exitCode()).as(unnamed.toString()).isNotZero();
        assertThat(unnamed.err()).contains("is not named chorus_ROLE: name the role with --role");
        assertThat(named.exitCode()).as(named.toString()).isZero();
        assertThat(named.out().lines()).containsExactly("projection  checkpoint", "counters             0",
                "seen                 0");
        assertThat(unknown.err()).contains("--schema chorus_nobody names no role").contains("counting")
                .contains("auditing");
    }

    @Test
    void a_role_that_does_not_run_on_the_schema_is_refused_before_anything_is_written() {
        given("chorus_counting_only", 2);
        var counted = tallies("projections", "rebuild", "counters", "--postgres", url, "--schema",
                "chorus_counting_only", "--role", "counting");
        given("chorus_auditing", 1);

        var wrongForDefaultName = tallies("projections", "rebuild", "seen", "--postgres", url, "--schema",
                "chorus_auditing", "--role", "counting");
        var wrongForItsReadModels = tallies("projections", "lag", "--postgres", url, "--schema",
                "chorus_counting_only", "--role", "seeing");
        var wrongRebuild = tallies("projections", "rebuild", "seen", "--postgres", url, "--schema",
                "chorus_counting_only", "--role", "seeing");

        assertThat(counted.exitCode()).as(counted.toString()).isZero();
        assertThat(wrongForDefaultName.exitCode()).as(wrongForDefaultName.toString()).isEqualTo(64);
        assertThat(wrongForDefaultName.err()).contains("--schema chorus_auditing is the auditing role's");
        assertThat(wrongForItsReadModels.exitCode()).as(wrongForItsReadModels.toString()).isEqualTo(1);
        assertThat(wrongForItsReadModels.err()).contains("none of which the role runs (seen)");
        assertThat(wrongRebuild.exitCode()).as(wrongRebuild.toString()).isEqualTo(1);
        assertThat(wrongRebuild.err()).contains("holds the read models of counters").contains("is --role right?");
        assertThat(rows("chorus_counting_only", "projection/seen/")).as("nothing rebuilt there").isEmpty();
    }

    @Test
    void a_schema_named_after_its_role_is_trusted_even_when_it_holds_only_a_renamed_projection_s_checkpoint() {
        given("chorus_seeing", 2);
        try (var state = PostgresStateStore.open(config("chorus_seeing"))) {
            state.put("checkpoint/projection/seen-before-its-rename", Tallies.utf8("2"));
        }

        var lag = tallies("projections", "lag", "--postgres", url, "--schema", "chorus_seeing");

        assertThat(lag.exitCode()).as(lag.toString()).isZero();
        assertThat(lag.out()).contains("seen ");
    }
}

package dev.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.projection.Projection;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.log.state.StateStoreConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProjectionsCommandTest {
    @TempDir
    Path dir;

    /** The command line {@code Main.execute(application, args)} runs, for {@code application} instead of the demo. */
    static Cli.Result run(ChorusApplication application, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit = Main.commandLine(io, application).execute(args);
        return new Cli.Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Cli.Result tallies(String... args) {
        return run(Tallies.application(), args);
    }

    Map<String, Long> rows(String prefix) {
        try (var state = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir))) {
            var rows = new TreeMap<String, Long>();
            state.scan(prefix, 1000).forEach(row -> rows.put(row.key(), Tallies.parse(row.value())));
            return rows;
        }
    }

    @Nested
    class The_shop {
        @Test
        void lists_measures_and_rebuilds_the_read_models_of_a_stopped_demo() {
            var simulated = Cli.run("demo", "--once", "--simulate", "--port", "0", "--data-dir", dir.toString());
            assertThat(simulated.exitCode()).as(simulated.toString()).isZero();
            Map<String, String> before = rowTexts("projection/orders.view/");

            var listed = Cli.run("projections", "list", "--data-dir", dir.toString());
            var lag = Cli.run("projections", "lag", "--data-dir", dir.toString());
            var rebuilt = Cli.run("projections", "rebuild", "orders.view", "--data-dir", dir.toString());

            assertThat(listed.exitCode()).as(listed.toString()).isZero();
            assertThat(listed.out()).contains("customers.view", "orders.customer-replica", "orders.view",
                    "inventory.view", "payments.credit", "shipping.view");
            assertThat(lag.exitCode()).as(lag.toString()).isZero();
            assertThat(lag.out()).contains("orders.view");
            assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isZero();
            assertThat(before).isNotEmpty();
            assertThat(rowTexts("projection/orders.view/")).isEqualTo(before);
        }

        @Test
        void projections_is_among_the_commands() {
            var result = Cli.run("--help");

            assertThat(result.out()).contains("projections");
        }
    }

    /** The rows under {@code prefix} in the state store beside the log, as text. */
    Map<String, String> rowTexts(String prefix) {
        try (var state = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir))) {
            var rows = new TreeMap<String, String>();
            state.scan(prefix, 100_000).forEach(row -> rows.put(row.key(),
                    new String(row.value(), StandardCharsets.UTF_8)));
            return rows;
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"list", "lag"})
    void a_directory_without_a_log_is_an_error_that_creates_nothing_there(String command) throws Exception {
        var result = tallies("projections", command, "--data-dir", dir.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("there is no log in");
        try (var files = Files.list(dir)) {
            assertThat(files).as("files left in the directory").isEmpty();
        }
    }

    @Nested
    class Listing {
        @Test
        void lists_the_registered_projections_in_order_with_their_checkpoints() {
            Tallies.write(dir, 10);

            var result = tallies("projections", "list", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out().lines()).containsExactly("projection  checkpoint", "counters             0",
                    "seen                 0");
            assertThat(dir.resolve("state")).as("listing creates no state store").doesNotExist();
        }

        @Test
        void without_a_data_directory_it_lists_the_names_alone() {
            var result = tallies("projections", "list", "--data-dir", dir.resolve("nowhere").toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("counters", "seen", "no data directory at");
        }
    }

    @Nested
    class Lag {
        @Test
        void is_the_head_minus_the_checkpoint_of_each_projection() {
            Tallies.write(dir, 12);

            var result = tallies("projections", "lag", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out().lines()).startsWith("projection  checkpoint  head  lag",
                    "counters             0    12   12", "seen                 0    12   12");
            assertThat(result.out()).contains("2 projections behind the log");
        }

        @Test
        void of_named_projections_only() {
            Tallies.write(dir, 3);

            var result = tallies("projections", "lag", "seen", "--data-dir", dir.toString());

            assertThat(result.out()).contains("seen").doesNotContain("counters");
        }

        @Test
        void of_an_unknown_projection_is_an_error_naming_the_registered_ones() {
            Tallies.write(dir, 3);

            var result = tallies("projections", "lag", "orders", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).contains("no projection named \"orders\"", "registered: counters, seen");
        }

        @Test
        void a_projection_ahead_of_the_log_is_an_error_that_says_to_rebuild_it() {
            Tallies.write(dir, 3);
            try (var state = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir))) {
                state.commit(List.of(Checkpoints.save("projection/seen", 9)));
            }

            var result = tallies("projections", "lag", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.out()).contains("seen                 9     3  ahead!");
            assertThat(result.err()).contains("projection seen is ahead of the log",
                    "chorus projections rebuild seen");
        }

        @Test
        void needs_the_log_to_itself() {
            Tallies.write(dir, 3);
            try (var running = EmbeddedLog.open(LogConfig.defaults(dir))) {
                var result = tallies("projections", "lag", "--data-dir", dir.toString());

                assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
                assertThat(result.err()).startsWith("chorus: ");
                assertThat(running.headPosition()).as("the running service's log is untouched").isEqualTo(3);
            }
        }
    }

    @Nested
    class Rebuilding {
        @Test
        void replays_the_whole_log_into_an_empty_read_model_and_leaves_no_lag() {
            Tallies.write(dir, 30);

            var result = tallies("projections", "rebuild", "counters", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("rebuilding counters from position 0", "counters: 0% (0 of 30 events)",
                    "counters: 100% (30 of 30 events)", "rebuilt counters: 30 events in", "checkpoint 30");
            assertThat(rows("projection/counters/")).containsExactly(Map.entry("projection/counters/count/a", 10L),
                    Map.entry("projection/counters/count/b", 20L), Map.entry("projection/counters/count/c", 30L));
            assertThat(tallies("projections", "lag", "--data-dir", dir.toString()).out())
                    .contains("counters            30    30    0");
        }

        @Test
        void rows_of_an_earlier_read_model_do_not_survive_it() {
            Tallies.write(dir, 3);
            try (var state = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir))) {
                state.put("projection/counters/count/zombie", Tallies.utf8("99"));
                state.put("projection/seen/untouched", Tallies.utf8("1"));
            }

            tallies("projections", "rebuild", "counters", "--data-dir", dir.toString());

            assertThat(rows("projection/counters/")).doesNotContainKey("projection/counters/count/zombie");
            assertThat(rows("projection/seen/")).containsKey("projection/seen/untouched");
        }

        @Test
        void a_bar_redrawn_in_place_on_request() {
            Tallies.write(dir, 5);

            var result = tallies("projections", "rebuild", "counters", "--progress", "bar", "--data-dir",
                    dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("\rcounters [", "] 100%  5 of 5 events\n")
                    .contains("[" + "#".repeat(30) + "]");
        }

        @Test
        void an_empty_log_is_rebuilt_at_once() {
            try (var log = EmbeddedLog.open(LogConfig.defaults(dir))) {
                assertThat(log.headPosition()).isZero();
            }

            var result = tallies("projections", "rebuild", "seen", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("rebuilt seen: 0 events");
        }

        @Test
        void a_projection_that_fails_is_reported_with_where_it_stopped() {
            Tallies.write(dir, 4);
            try (var log = EmbeddedLog.open(LogConfig.defaults(dir))) {
                log.append("tally-x", ExpectedVersion.any(),
                        NewEvent.of(Tallies.COUNTED, Tallies.utf8("x -5")));
            }

            var result = tallies("projections", "rebuild", "counters", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).contains("chorus: projection counters stopped at position 4",
                    "counters only go up");
            assertThat(rows("projection/counters/")).as("the events before it are committed")
                    .containsEntry("projection/counters/count/a", 2L);
        }

        @Test
        void an_unknown_projection_is_an_error() {
            Tallies.write(dir, 1);

            var result = tallies("projections", "rebuild", "orders", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).contains("no projection named \"orders\"");
        }

        @Test
        void a_missing_data_directory_is_an_error_that_creates_nothing() {
            Path nowhere = dir.resolve("nowhere");

            var result = tallies("projections", "rebuild", "counters", "--data-dir", nowhere.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).contains("there is no log in").contains("or --postgres and --schema");
            assertThat(nowhere).doesNotExist();
        }

        @Test
        void the_name_is_required_and_the_progress_style_checked() {
            assertThat(tallies("projections", "rebuild").exitCode()).isEqualTo(Main.USAGE_ERROR);
            var result = tallies("projections", "rebuild", "counters", "--progress", "fancy");
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(Main.USAGE_ERROR);
            assertThat(result.err()).contains("--progress");
        }
    }

    @Test
    void the_application_hook_builds_a_fresh_registry_each_time() {
        var application = Tallies.application();

        var first = application.projectionRegistry();
        var second = application.projectionRegistry();

        assertThat(first).isNotSameAs(second);
        assertThat(first.names()).containsExactly("counters", "seen");
        assertThat(ChorusApplication.shop().projectionRegistry().names()).contains("orders.view");
        assertThat(first.projections()).extracting(Projection::name).isEqualTo(second.names());
    }
}

package dev.chorus.cli;

import static dev.chorus.cli.SampleDeadLetters.FAILED;
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
import dev.chorus.core.handler.OrderingMode;
import dev.chorus.core.handler.RetryPolicy;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.FsyncPolicy;
import dev.chorus.log.LogConfig;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.log.state.StateStoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DlqTest {

    @TempDir
    Path dir;

    private void given(DeadLetter... letters) {
        try (var state = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir))) {
            var store = new DeadLetterStore(state);
            for (var letter : letters) {
                store.put(letter);
            }
        }
    }

    private DeadLetter stored(DeadLetterId id) {
        try (var state = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir))) {
            return new DeadLetterStore(state).require(id);
        }
    }

    @Nested
    class List_ {
        @Test
        void prints_one_line_per_pending_dead_letter_with_its_id_status_attempts_time_event_and_error() {
            given(letter("billing", 4, "order 4 is broken"), letter("audit", 7, "no\nnewlines please"));

            var result = Cli.run("dlq", "list", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            var lines = result.out().lines().toList();
            assertThat(lines.getFirst()).contains("ID", "STATUS", "ATTEMPTS", "LAST FAILURE", "EVENT", "ERROR");
            assertThat(lines.get(1)).contains("audit@7", "open", "3", "2026-03-01T09:00:00.300Z",
                    "order-7 shop.OrderPlaced/v1", "IllegalStateException: no newlines please");
            assertThat(lines.get(2)).contains("billing@4", "order 4 is broken");
            assertThat(lines.get(3)).isEqualTo("2 pending dead letters");
            assertThat(result.out()).doesNotContain("{");
        }

        @Test
        void leaves_out_closed_dead_letters_unless_asked_for_all() {
            given(letter("billing", 1, "a"), letter("billing", 2, "b").withStatus(new DeadLetterStatus.Discarded(FAILED)));

            var pending = Cli.run("dlq", "list", "--data-dir", dir.toString());
            var all = Cli.run("dlq", "list", "--all", "--data-dir", dir.toString());

            assertThat(pending.out()).contains("billing@1").doesNotContain("billing@2");
            assertThat(all.out()).contains("billing@1", "billing@2", "discarded").contains("2 dead letters");
        }

        @Test
        void filters_by_handler_and_pages_with_after() {
            given(letter("audit", 1, "a"), letter("billing", 2, "b"), letter("billing", 3, "c"));

            var byHandler = Cli.run("dlq", "list", "--handler", "billing", "--limit", "1", "--data-dir", dir.toString());
            var next = Cli.run("dlq", "list", "--handler", "billing", "--after", "billing@2", "--data-dir",
                    dir.toString());

            assertThat(byHandler.out()).contains("billing@2").doesNotContain("audit@1", "billing@3")
                    .contains("there may be more: add --after billing@2");
            assertThat(next.out()).contains("billing@3").doesNotContain("billing@2");
        }

        @Test
        void says_so_when_there_are_none() {
            given();

            var result = Cli.run("dlq", "list", "--data-dir", dir.toString());

            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).isEqualTo("no pending dead letters" + System.lineSeparator());
        }

        @Test
        void of_a_service_that_never_wrote_state_creates_nothing() {
            var result = Cli.run("dlq", "list", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("no dead letters: no state store in");
            assertThat(Files.exists(dir.resolve("state"))).isFalse();
        }
    }

    @Nested
    class Show {
        @Test
        void prints_every_field_and_the_stack_summary() {
            given(letter("billing", 4, "order 4 is broken"));

            var result = Cli.run("dlq", "show", "billing@4", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("dead letter billing@4", "status:", "open", "handler:", "billing",
                    "position 4, stream order-4, type shop.OrderPlaced/v1, id 0190f2a4-0000-7000-8000-000000000004",
                    "attempts:", "first failure:  2026-03-01T09:00:00Z", "last failure:   2026-03-01T09:00:00.300Z",
                    "parks stream:   no", "error:          java.lang.IllegalStateException",
                    "message:        order 4 is broken", "at shop.Billing.placed(Billing.java:42)");
        }
    }

    @Nested
    class Retry_and_discard {
        @Test
        void retry_records_the_request_for_the_handler_to_act_on_when_it_starts() {
            given(letter("billing", 4, "broken"));

            var result = Cli.run("dlq", "retry", "billing@4", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("dead letter billing@4: retry requested at")
                    .contains("when it next starts");
            assertThat(stored(DeadLetterId.of("billing", 4)).status())
                    .isInstanceOf(DeadLetterStatus.RetryRequested.class);
        }

        @Test
        void discard_closes_the_dead_letter() {
            given(letter("billing", 4, "broken"));

            var result = Cli.run("dlq", "discard", "billing@4", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("dead letter billing@4: discarded at");
            assertThat(stored(DeadLetterId.of("billing", 4)).status()).isInstanceOf(DeadLetterStatus.Discarded.class);
        }
    }

    @Nested
    class Purge {
        @Test
        void deletes_the_dead_letters_closed_longer_ago_than_asked_and_keeps_the_rest() {
            var now = Instant.now();
            given(letter("billing", 1, "open"),
                    letter("billing", 2, "resolved in March").withStatus(new DeadLetterStatus.Resolved(FAILED)),
                    letter("billing", 3, "discarded in March").withStatus(new DeadLetterStatus.Discarded(FAILED)),
                    letter("billing", 4, "discarded an hour ago")
                            .withStatus(new DeadLetterStatus.Discarded(now.minus(Duration.ofHours(1)))),
                    letter("billing", 5, "requested in March")
                            .withStatus(new DeadLetterStatus.RetryRequested(FAILED)));

            var result = Cli.run("dlq", "purge", "--older-than", "30d", "--data-dir", dir.toString());
            var all = Cli.run("dlq", "list", "--all", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("purged 2 dead letters resolved or discarded more than 30d ago");
            assertThat(all.out()).contains("billing@1", "billing@4", "billing@5").doesNotContain("billing@2")
                    .doesNotContain("billing@3");
        }

        @Test
        void an_age_that_is_not_days_hours_or_minutes_is_a_usage_error() {
            var result = Cli.run("dlq", "purge", "--older-than", "a month", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(Main.USAGE_ERROR);
            assertThat(result.err()).contains("--older-than is a number of days, hours or minutes");
        }
    }

    @Nested
    class Errors {
        @Test
        void an_unknown_id_exits_1_and_says_how_to_find_the_ids() {
            given(letter("billing", 4, "broken"));

            for (var command : List.of("show", "retry", "discard")) {
                var result = Cli.run("dlq", command, "billing@5", "--data-dir", dir.toString());

                assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
                assertThat(result.err()).isEqualTo("chorus: no dead letter billing@5; list the dead letters to see"
                        + " which ids exist" + System.lineSeparator());
            }
        }

        @Test
        void an_unknown_id_in_a_directory_without_state_exits_1_and_creates_nothing() {
            var result = Cli.run("dlq", "retry", "billing@5", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(Files.exists(dir.resolve("state"))).isFalse();
        }

        @Test
        void a_malformed_id_is_a_usage_error_that_shows_the_expected_shape() {
            var result = Cli.run("dlq", "show", "billing-4", "--data-dir", dir.toString());
            var after = Cli.run("dlq", "list", "--after", "billing", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(Main.USAGE_ERROR);
            assertThat(result.err()).contains("<handler>@<position>");
            assertThat(after.exitCode()).as(after.toString()).isEqualTo(Main.USAGE_ERROR);
            assertThat(after.err()).contains("<handler>@<position>");
        }

        @Test
        void retrying_a_discarded_dead_letter_exits_1() {
            given(letter("billing", 4, "broken").withStatus(new DeadLetterStatus.Discarded(FAILED)));

            var result = Cli.run("dlq", "retry", "billing@4", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).contains("cannot retry dead letter billing@4: it is already discarded (since ")
                    .doesNotContain("Discarded[");
        }

        @Test
        void a_store_in_use_by_a_running_service_exits_1_and_writes_nothing() {
            given(letter("billing", 4, "broken"));
            try (var running = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir))) {
                var result = Cli.run("dlq", "discard", "billing@4", "--data-dir", dir.toString());

                assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
                assertThat(result.err()).contains("already open");
                assertThat(new DeadLetterStore(running).require(DeadLetterId.of("billing", 4)).status())
                        .isEqualTo(DeadLetterStatus.open());
            }
        }

        @Test
        void a_missing_id_is_a_usage_error() {
            var result = Cli.run("dlq", "show", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(Main.USAGE_ERROR);
        }
    }

    /** A service's handler over the real log and state store, stopped and started around the CLI. */
    @Nested
    class With_a_real_service {
        private final AtomicBoolean fixed = new AtomicBoolean();
        private final List<String> handled = new CopyOnWriteArrayList<>();

        private void runService() throws InterruptedException {
            try (var log = EmbeddedLog.open(LogConfig.of(dir, c -> c.fsync = FsyncPolicy.NEVER));
                 var state = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir))) {
                var handlers = new Handlers(log, state, new DeadLetters(state, java.time.Clock.systemUTC()),
                        HandlerConfig.of(c -> c.sleeper(wait -> {})));
                var running = handlers.start(HandlerRegistration.of("notes", Notes.CODEC, (note, context) -> {
                    if (note.startsWith("bad") && !fixed.get()) {
                        throw new IllegalStateException("cannot handle " + note);
                    }
                    handled.add(note);
                }).withRetry(RetryPolicy.noRetries()).withOrdering(OrderingMode.parkStream()));
                assertThat(running.awaitPosition(log.headPosition(), Duration.ofSeconds(20))).isTrue();
                handlers.close();
            }
        }

        private void append(String stream, String... notes) {
            try (var log = EmbeddedLog.open(LogConfig.of(dir, c -> c.fsync = FsyncPolicy.NEVER))) {
                for (var note : notes) {
                    log.append(stream, ExpectedVersion.any(), Notes.note(note));
                }
            }
        }

        @Test
        void a_retry_requested_from_the_cli_is_delivered_when_the_service_starts_and_the_stream_resumes_in_order()
                throws Exception {
            append("s-1", "bad one", "after one", "after two");
            append("s-2", "other");
            runService();
            assertThat(handled).containsExactly("other");

            var listed = Cli.run("dlq", "list", "--data-dir", dir.toString());
            assertThat(listed.out()).contains("notes@0", "open", "s-1 test.Note/v1", "cannot handle bad one");
            var retried = Cli.run("dlq", "retry", "notes@0", "--data-dir", dir.toString());
            assertThat(retried.exitCode()).as(retried.toString()).isZero();

            fixed.set(true);
            runService();

            assertThat(handled).containsExactly("other", "bad one", "after one", "after two");
            var all = Cli.run("dlq", "list", "--all", "--data-dir", dir.toString());
            assertThat(all.out()).contains("notes@0", "resolved");
            assertThat(Cli.run("dlq", "list", "--data-dir", dir.toString()).out()).contains("no pending dead letters");
        }

        @Test
        void a_discard_from_the_cli_releases_the_parked_stream_when_the_service_starts() throws Exception {
            append("s-1", "bad one", "after one");
            runService();

            var discarded = Cli.run("dlq", "discard", "notes@0", "--data-dir", dir.toString());
            assertThat(discarded.out()).contains("stream s-1 resumes, in order, when handler notes next starts");
            runService();

            assertThat(handled).containsExactly("after one");
        }
    }
}

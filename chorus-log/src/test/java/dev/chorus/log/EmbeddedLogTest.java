package dev.chorus.log;

import static dev.chorus.log.LogFixture.event;
import static dev.chorus.log.LogFixture.open;
import static dev.chorus.log.LogFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.chorus.core.ConcurrencyConflict;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.ReadDirection;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedLogTest {
    @TempDir
    Path dir;

    @Nested
    class Reopening {
        @Test
        void events_appended_before_close_are_read_after_reopen() {
            try (var log = open(dir)) {
                log.append("order-1", ExpectedVersion.noStream(), event("placed"), event("paid"));
                log.append("order-2", ExpectedVersion.noStream(), event("placed"));
            }
            try (var log = open(dir)) {
                assertThat(log.headPosition()).isEqualTo(3);
                assertThat(log.readStream("order-1")).extracting(LogFixture::text).containsExactly("placed", "paid");
                assertThat(log.streamVersion("order-1")).isEqualTo(1);
                assertThat(log.recovery().tornTail()).isEmpty();
                var next = log.append("order-1", ExpectedVersion.exactly(1), event("shipped"));
                assertThat(next.positions()).containsExactly(3L);
                assertThat(next.lastVersion()).isEqualTo(2);
            }
        }

        @Test
        void a_second_open_of_the_same_directory_is_refused_with_LogLocked() {
            try (var log = open(dir)) {
                assertThatThrownBy(() -> open(dir)).isInstanceOf(LogLocked.class)
                        .hasMessageContaining(dir.toString());
            }
            try (var again = open(dir)) {
                assertThat(again.headPosition()).isZero();
            }
        }
    }

    @Nested
    class Segments {
        @Test
        void small_segments_roll_and_every_stream_reads_back_across_them() throws Exception {
            var expected = new ArrayList<String>();
            try (var log = open(dir, c -> c.segmentBytes = 4096)) {
                for (int i = 0; i < 500; i++) {
                    log.append("s-" + (i % 7), ExpectedVersion.any(), event("e" + i));
                    expected.add("e" + i);
                }
                assertThat(segmentFiles()).hasSizeGreaterThan(10);
                assertThat(log.readAll(0, 1000)).extracting(LogFixture::text).containsExactlyElementsOf(expected);
                assertStreamsRead(log);
            }
            try (var log = open(dir, c -> c.segmentBytes = 4096)) {
                assertThat(log.recovery().rebuiltIndexes()).isZero();
                assertThat(log.readAll(0, 1000)).extracting(LogFixture::text).containsExactlyElementsOf(expected);
                assertStreamsRead(log);
                assertThat(log.readAll(250, 3)).extracting(RecordedEvent::position).containsExactly(250L, 251L, 252L);
            }
        }

        @Test
        void an_open_logs_active_segment_file_is_as_long_as_a_segment_and_a_closed_one_ends_at_its_last_record()
                throws Exception {
            long endOfRecords;
            try (var log = open(dir, c -> c.segmentBytes = 1 << 20)) {
                log.append("s", ExpectedVersion.any(), event("one"));
                assertThat(Files.size(segmentFiles().getFirst())).as("sized up front, so readers map it once")
                        .isEqualTo(1 << 20);
                assertThat(log.readStream("s")).extracting(LogFixture::text).containsExactly("one");
            }
            endOfRecords = Files.size(segmentFiles().getFirst());
            assertThat(endOfRecords).isLessThan(4096);
            try (var log = open(dir, c -> c.segmentBytes = 1 << 20)) {
                assertThat(log.recovery().tornTail()).isEmpty();
                log.append("s", ExpectedVersion.exactly(0), event("two"));
                assertThat(log.readStream("s")).extracting(LogFixture::text).containsExactly("one", "two");
            }
            assertThat(Files.size(segmentFiles().getFirst())).isGreaterThan(endOfRecords).isLessThan(4096);
        }

        @Test
        void a_stream_appended_to_again_after_rolls_is_checked_against_its_latest_version() throws Exception {
            try (var log = open(dir, c -> c.segmentBytes = 4096)) {
                for (long version = 0; version < 6; version++) {
                    log.append("account", version == 0 ? ExpectedVersion.noStream() : ExpectedVersion.exactly(version - 1),
                            event("a" + version));
                    // enough of other streams to roll the account's segment out from under it
                    for (int i = 0; i < 40; i++) {
                        log.append("other-" + version + "-" + i, ExpectedVersion.noStream(), event("o"));
                    }
                }
                assertThat(segmentFiles()).hasSizeGreaterThan(5);

                assertThatThrownBy(() -> log.append("account", ExpectedVersion.exactly(4), event("stale")))
                        .isInstanceOf(ConcurrencyConflict.class);
                log.append("account", ExpectedVersion.exactly(5), event("a6"));
                assertThat(log.readStream("account")).extracting(LogFixture::text)
                        .containsExactly("a0", "a1", "a2", "a3", "a4", "a5", "a6");
            }
        }

        @Test
        void a_log_that_fsyncs_rolls_into_files_written_ahead_and_closing_cuts_each_file_at_its_last_record()
                throws Exception {
            try (var log = open(dir, c -> c.segmentBytes = 4096)) {
                for (int i = 0; i < 200; i++) {
                    log.append("s-" + (i % 3), ExpectedVersion.any(), event("e" + i));
                }
                assertThat(segmentFiles()).hasSizeGreaterThan(3);
                assertThat(Files.size(segmentFiles().getLast())).as("the active segment, zero-filled ahead of its roll")
                        .isEqualTo(4096);
            }
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
            }
            for (Path segment : segmentFiles()) {
                byte[] bytes = Files.readAllBytes(segment);
                assertThat(bytes[bytes.length - 1]).as("the last byte of " + segment + ", its last record's").isNotZero();
            }
            try (var log = open(dir, c -> c.segmentBytes = 4096)) {
                assertThat(log.recovery().tornTail()).isEmpty();
                assertThat(log.readAll(0, 1000)).extracting(LogFixture::text).hasSize(200).last().isEqualTo("e199");
            }
            assertThat(LogTools.verify(dir).damage()).isEmpty();
        }

        @Test
        void a_missing_index_is_rebuilt_from_its_segment_on_open() throws Exception {
            try (var log = open(dir, c -> c.segmentBytes = 4096)) {
                for (int i = 0; i < 200; i++) {
                    log.append("s-" + (i % 3), ExpectedVersion.any(), event("e" + i));
                }
            }
            Path index;
            try (Stream<Path> files = Files.list(dir)) {
                index = files.filter(f -> f.toString().endsWith(".idx")).sorted().findFirst().orElseThrow();
            }
            Files.delete(index);
            try (var log = open(dir, c -> c.segmentBytes = 4096)) {
                assertThat(log.recovery().rebuiltIndexes()).isEqualTo(1);
                assertThat(log.readStream("s-0")).hasSize(67);
                assertThat(log.readStream("s-0")).extracting(RecordedEvent::version)
                        .containsExactlyElementsOf(Stream.iterate(0L, v -> v + 1).limit(67).toList());
            }
        }

        @Test
        void losing_the_last_segment_file_is_detected_because_its_predecessor_was_sealed() throws Exception {
            try (var log = open(dir, c -> c.segmentBytes = 4096)) {
                for (int i = 0; i < 100; i++) {
                    log.append("s", ExpectedVersion.any(), event("e" + i));
                }
            }
            var files = segmentFiles();
            Files.delete(files.getLast());

            assertThatThrownBy(() -> open(dir, c -> c.segmentBytes = 4096)).isInstanceOf(LogCorrupted.class)
                    .hasMessageContaining("missing")
                    .satisfies(e -> assertThat(((LogCorrupted) e).segment()).isEqualTo(files.get(files.size() - 2)));
        }

        private void assertStreamsRead(EmbeddedLog log) {
            for (int s = 0; s < 7; s++) {
                var stream = log.readStream("s-" + s);
                var expectedTexts = new ArrayList<String>();
                for (int i = s; i < 500; i += 7) {
                    expectedTexts.add("e" + i);
                }
                assertThat(stream).extracting(LogFixture::text).containsExactlyElementsOf(expectedTexts);
                var backward = log.readStream("s-" + s, ReadDirection.BACKWARD, StreamReader.END, 5);
                assertThat(backward).extracting(RecordedEvent::version)
                        .containsExactly((long) expectedTexts.size() - 1, (long) expectedTexts.size() - 2,
                                (long) expectedTexts.size() - 3, (long) expectedTexts.size() - 4,
                                (long) expectedTexts.size() - 5);
                var middle = log.readStream("s-" + s, ReadDirection.FORWARD, 10, 3);
                assertThat(middle).extracting(LogFixture::text)
                        .containsExactlyElementsOf(expectedTexts.subList(10, 13));
            }
        }
    }

    @Nested
    class Subscriptions {
        @Test
        void a_subscriber_stuck_in_its_handler_blocks_no_writer_and_then_catches_up_in_order() throws Exception {
            try (var log = open(dir, c -> c.segmentBytes = 16 << 10)) {
                var release = new CountDownLatch(1);
                var received = new CopyOnWriteArrayList<Long>();
                var subscription = log.subscribe(0, event -> {
                    release.await();
                    received.add(event.position());
                });

                // every append is acknowledged while the only subscriber is stuck in its first event
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                    for (int i = 0; i < 2_000; i++) {
                        log.append("s-" + (i % 5), ExpectedVersion.any(), event("e" + i));
                    }
                });
                assertThat(received).isEmpty();

                release.countDown();
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                    while (received.size() < 2_000) {
                        Thread.sleep(10);
                    }
                });
                assertThat(received).containsExactlyElementsOf(Stream.iterate(0L, p -> p + 1).limit(2_000).toList());
                subscription.close();
                assertThat(subscription.completion()).isCompleted();
            }
        }
    }

    private List<Path> segmentFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".seg")).sorted().toList();
        }
    }
}

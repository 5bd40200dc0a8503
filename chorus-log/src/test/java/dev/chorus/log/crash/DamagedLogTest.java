package dev.chorus.log.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import dev.chorus.log.LogCorrupted;
import dev.chorus.log.LogTools;
import dev.chorus.log.PositionRange;
import dev.chorus.log.crash.LogFiles.Frame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damage done on purpose to the files of a closed log: what a crash leaves at the tail is repaired on
 * open; anything else refuses to open, touches nothing, and is described by verify and cut by repair.
 */
class DamagedLogTest {
    private static final EventType TYPE = EventType.of("Thing.Happened", 1);
    /** The smallest segments there are, so that a few dozen appends make several sealed segments. */
    private static final long SMALL_SEGMENTS = LogConfig.MIN_SEGMENT_BYTES;
    private static final long ONE_SEGMENT = LogConfig.DEFAULT_SEGMENT_BYTES;

    @TempDir
    Path dir;

    @Nested
    class A_torn_tail {
        @ParameterizedTest(name = "{0} bytes of the last record kept (negative: that many cut off its end)")
        @ValueSource(ints = {1, 11, 12, 30, -3, -1})
        void cut_mid_record_is_truncated_on_open_reported_and_only_that_atomic_append_is_lost(int kept) {
            var before = write(ONE_SEGMENT, 9);
            Path segment = onlySegment();
            Frame last = LogFiles.frames(segment).getLast();
            assertThat(before.size() - last.firstPosition()).as("events of the last atomic append").isEqualTo(3);
            int keep = kept > 0 ? kept : last.length() + kept;
            LogFiles.truncate(segment, last.offset() + keep);
            // counted up to the last byte that is not zero: zeros after it cannot be told from a sized file's hole
            long torn = LogFiles.lastNonZero(segment) + 1 - last.offset();
            assertThat(torn).isBetween(keep - 8L, (long) keep);

            try (var log = open(ONE_SEGMENT)) {
                assertThat(log.recovery().tornTail()).contains(segment);
                assertThat(log.recovery().truncatedBytes()).isEqualTo(torn);
                assertThat(log.headPosition()).isEqualTo(last.firstPosition());
                assertThat(readAll(log)).isEqualTo(before.subList(0, (int) last.firstPosition()));
                // an open log's segment is sized to a whole segment: the torn bytes are gone, zeros follow
                assertThat(LogFiles.zerosFrom(segment, last.offset())).as("the torn bytes are cut").isTrue();

                var lostStream = before.getLast().streamId();
                long lostFirstVersion = before.get((int) last.firstPosition()).version();
                var next = log.append(lostStream, ExpectedVersion.any(), event("after the crash"));
                assertThat(next.positions()).containsExactly(last.firstPosition());
                assertThat(next.lastVersion()).isEqualTo(lostFirstVersion);
            }
            try (var log = open(ONE_SEGMENT)) {
                assertThat(log.recovery().tornTail()).isEmpty();
                assertThat(log.headPosition()).isEqualTo(last.firstPosition() + 1);
            }
        }

        @ParameterizedTest(name = "{0} zero bytes")
        @ValueSource(ints = {1, 11, 12, 4096, 70_000})
        void is_not_the_zeros_after_the_last_record_that_a_preallocated_segment_has_the_log_goes_on_over_them(
                int zeros) {
            var before = write(ONE_SEGMENT, 10);
            Path segment = onlySegment();
            long size = LogFiles.size(segment);
            LogFiles.appendZeros(segment, zeros);
            assertThat(LogTools.verify(dir).damage()).as("verify of a segment ending in zeros").isEmpty();

            try (var log = open(ONE_SEGMENT)) {
                assertThat(log.recovery().tornTail()).isEmpty();
                assertThat(log.recovery().truncatedBytes()).isZero();
                assertThat(readAll(log)).isEqualTo(before);
                assertThat(LogFiles.size(segment)).as("the file keeps its zeros while open (and may gain more)")
                        .isGreaterThanOrEqualTo(size + zeros);
                assertThat(log.append("after", ExpectedVersion.noStream(), event("after")).positions())
                        .containsExactly((long) before.size());
            }
            long appended = LogFiles.frames(segment).stream().filter(f -> f.offset() == size).findFirst()
                    .orElseThrow().length();
            assertThat(LogFiles.size(segment)).as("closing cuts the zeros after the last record")
                    .isEqualTo(size + appended);
            try (var log = open(ONE_SEGMENT)) {
                assertThat(log.recovery().tornTail()).isEmpty();
                assertThat(log.headPosition()).isEqualTo(before.size() + 1);
            }
        }

        @ParameterizedTest(name = "{0} bytes of the last record kept")
        @ValueSource(ints = {1, 12, 30})
        void cut_mid_record_in_a_preallocated_segment_is_truncated_on_open_and_reported(int kept) {
            var before = write(ONE_SEGMENT, 9);
            Path segment = onlySegment();
            Frame last = LogFiles.frames(segment).getLast();
            LogFiles.truncate(segment, last.offset() + kept);
            long torn = LogFiles.lastNonZero(segment) + 1 - last.offset();
            LogFiles.appendZeros(segment, 70_000);

            try (var log = open(ONE_SEGMENT)) {
                assertThat(log.recovery().tornTail()).contains(segment);
                // the torn bytes are counted up to the last one that is not zero: the zeros after them are no loss
                assertThat(log.recovery().truncatedBytes()).isEqualTo(torn);
                assertThat(log.headPosition()).isEqualTo(last.firstPosition());
                assertThat(readAll(log)).isEqualTo(before.subList(0, (int) last.firstPosition()));
            }
        }

        @Test
        void that_leaves_a_just_rolled_segment_empty_is_truncated_and_the_log_continues_at_that_segment() {
            var before = write(SMALL_SEGMENTS, 60);
            var segments = LogFiles.segments(dir);
            assertThat(segments).hasSizeGreaterThan(2);
            Path last = segments.getLast();
            long first = LogFiles.firstPositionOf(last);
            LogFiles.truncate(last, 7);

            try (var log = open(SMALL_SEGMENTS)) {
                assertThat(log.recovery().tornTail()).contains(last);
                assertThat(log.headPosition()).isEqualTo(first);
                assertThat(readAll(log)).isEqualTo(before.subList(0, (int) first));
                assertThat(log.append("after", ExpectedVersion.noStream(), event("after")).positions())
                        .containsExactly(first);
            }
            try (var log = open(SMALL_SEGMENTS)) {
                assertThat(log.recovery().tornTail()).isEmpty();
                assertThat(log.headPosition()).isEqualTo(first + 1);
                assertThat(readAll(log).getLast().streamId()).isEqualTo("after");
            }
        }
    }

    @Nested
    class A_flipped_byte_inside_an_earlier_record_of_the_active_segment {
        @ParameterizedTest(name = "in its {1}")
        @CsvSource({"1, magic", "6, length", "9, checksum", "19, first position", "-5, data"})
        void refuses_to_open_with_LogCorrupted_naming_the_segment_and_the_frame_offset_and_changes_nothing(
                int at, String where) {
            write(ONE_SEGMENT, 10);
            Path segment = onlySegment();
            Frame damaged = LogFiles.frames(segment).get(3);
            LogFiles.flipByte(segment, at >= 0 ? damaged.offset() + at : damaged.end() + at);
            var files = LogFiles.snapshot(dir);

            var corrupted = catchThrowableOfType(LogCorrupted.class, () -> open(ONE_SEGMENT));

            assertThat(corrupted).as("open of a log damaged in a record's " + where).isNotNull();
            assertThat(corrupted.segment()).isEqualTo(segment);
            assertThat(corrupted.offset()).isEqualTo(damaged.offset());
            assertThat(corrupted).hasMessageContaining(segment.toString())
                    .hasMessageContaining("byte offset " + damaged.offset());
            assertThat(LogFiles.snapshot(dir)).as("the data directory after the refused open").isEqualTo(files);
        }

        @Test
        void refuses_to_open_also_when_the_segment_ends_in_preallocated_zeros() {
            write(ONE_SEGMENT, 10);
            Path segment = onlySegment();
            Frame damaged = LogFiles.frames(segment).get(3);
            LogFiles.flipByte(segment, damaged.end() - 5);
            LogFiles.appendZeros(segment, 70_000);

            var corrupted = catchThrowableOfType(LogCorrupted.class, () -> open(ONE_SEGMENT));

            assertThat(corrupted).isNotNull();
            assertThat(corrupted.offset()).isEqualTo(damaged.offset());
        }

        @Test
        void is_reported_by_verify_with_the_intact_events_after_it_that_truncation_would_lose() {
            var before = write(ONE_SEGMENT, 10);
            Path segment = onlySegment();
            var frames = LogFiles.frames(segment);
            Frame damaged = frames.get(3);
            LogFiles.flipByte(segment, damaged.end() - 5);

            var report = LogTools.verify(dir);

            var damage = report.damage().orElseThrow();
            assertThat(damage.segment()).isEqualTo(segment);
            assertThat(damage.offset()).isEqualTo(damaged.offset());
            assertThat(damage.reason()).contains("CRC32C");
            assertThat(damage.tornTail()).isFalse();
            assertThat(damage.laterSegments()).isEmpty();
            assertThat(damage.bytesLost()).isEqualTo(LogFiles.size(segment) - damaged.offset());
            assertThat(damage.intactEventsLost())
                    .containsExactly(new PositionRange(frames.get(4).firstPosition(), before.size() - 1));
            assertThat(report.records()).isEqualTo(3);
            assertThat(report.events()).isEqualTo(damaged.firstPosition());
        }

        @Test
        void is_cut_away_by_repair_after_which_the_log_opens_with_exactly_the_events_before_it() {
            var before = write(ONE_SEGMENT, 10);
            Path segment = onlySegment();
            Frame damaged = LogFiles.frames(segment).get(3);
            LogFiles.flipByte(segment, damaged.end() - 5);
            var verified = LogTools.verify(dir);

            var repaired = LogTools.repair(dir);

            assertThat(repaired).isEqualTo(verified);
            assertThat(LogFiles.size(segment)).isEqualTo(damaged.offset());
            assertThat(LogTools.verify(dir).ok()).isTrue();
            try (var log = open(ONE_SEGMENT)) {
                assertThat(log.recovery().tornTail()).isEmpty();
                assertThat(readAll(log)).isEqualTo(before.subList(0, (int) damaged.firstPosition()));
                assertThat(log.append("after", ExpectedVersion.noStream(), event("after")).positions())
                        .containsExactly(damaged.firstPosition());
            }
        }
    }

    @Nested
    class A_flipped_byte_in_a_sealed_segment {
        List<RecordedEvent> before;
        Path segment;
        List<Frame> frames;
        Frame damaged;

        void damageTheSecondSegment() {
            before = write(SMALL_SEGMENTS, 60);
            var segments = LogFiles.segments(dir);
            assertThat(segments).hasSizeGreaterThanOrEqualTo(4);
            segment = segments.get(1);
            frames = LogFiles.frames(segment);
            assertThat(frames).hasSizeGreaterThanOrEqualTo(3);
            damaged = frames.get(1);
            LogFiles.flipByte(segment, damaged.end() - 5);
        }

        @Test
        void whose_index_is_gone_refuses_to_open_with_LogCorrupted_and_changes_nothing() throws Exception {
            damageTheSecondSegment();
            Files.delete(LogFiles.index(segment));
            var files = LogFiles.snapshot(dir);

            var corrupted = catchThrowableOfType(LogCorrupted.class, () -> open(SMALL_SEGMENTS));

            assertThat(corrupted).isNotNull();
            assertThat(corrupted.segment()).isEqualTo(segment);
            assertThat(corrupted.offset()).isEqualTo(damaged.offset());
            assertThat(corrupted).hasMessageContaining(segment.toString())
                    .hasMessageContaining("byte offset " + damaged.offset());
            assertThat(LogFiles.snapshot(dir)).as("the data directory after the refused open").isEqualTo(files);
        }

        @Test
        void is_reported_by_verify_with_every_later_segment_and_the_intact_events_in_them() throws Exception {
            damageTheSecondSegment();
            Files.delete(LogFiles.index(segment));
            var segments = LogFiles.segments(dir);
            var later = segments.subList(2, segments.size());

            var damage = LogTools.verify(dir).damage().orElseThrow();

            assertThat(damage.segment()).isEqualTo(segment);
            assertThat(damage.offset()).isEqualTo(damaged.offset());
            assertThat(damage.tornTail()).isFalse();
            assertThat(damage.laterSegments()).containsExactlyElementsOf(later);
            assertThat(damage.bytesLost()).isEqualTo(LogFiles.size(segment) - damaged.offset()
                    + later.stream().mapToLong(LogFiles::size).sum());
            assertThat(damage.intactEventsLost())
                    .containsExactly(new PositionRange(frames.get(2).firstPosition(), before.size() - 1));
        }

        @Test
        void is_found_by_verify_and_by_reads_even_while_the_segment_index_still_loads() {
            damageTheSecondSegment();

            assertThat(LogTools.verify(dir).damage()).get()
                    .satisfies(damage -> assertThat(damage.segment()).isEqualTo(segment))
                    .satisfies(damage -> assertThat(damage.offset()).isEqualTo(damaged.offset()));
            try (var log = open(SMALL_SEGMENTS)) {
                var corrupted = catchThrowableOfType(LogCorrupted.class, () -> readAll(log));
                assertThat(corrupted).as("reading through the damaged record").isNotNull();
                assertThat(corrupted.segment()).isEqualTo(segment);
                assertThat(corrupted.offset()).isEqualTo(damaged.offset());
            }
        }

        @Test
        void is_cut_away_by_repair_with_every_later_segment_and_the_log_continues_from_it() {
            damageTheSecondSegment();
            var segments = LogFiles.segments(dir);

            LogTools.repair(dir);

            assertThat(LogFiles.segments(dir)).containsExactly(segments.get(0), segments.get(1));
            assertThat(LogFiles.size(segment)).isEqualTo(damaged.offset());
            assertThat(LogTools.verify(dir).ok()).isTrue();
            try (var log = open(SMALL_SEGMENTS)) {
                assertThat(readAll(log)).isEqualTo(before.subList(0, (int) damaged.firstPosition()));
                assertThat(log.append("after", ExpectedVersion.noStream(), event("after")).positions())
                        .containsExactly(damaged.firstPosition());
            }
        }
    }

    @Nested
    class A_missing_segment_file {
        List<RecordedEvent> before;
        List<Path> segments;
        Path missing;

        void deleteSegment(int which) throws Exception {
            before = write(SMALL_SEGMENTS, 60);
            segments = LogFiles.segments(dir);
            assertThat(segments).hasSizeGreaterThanOrEqualTo(4);
            missing = segments.get(which);
            Files.delete(missing);
            Files.delete(LogFiles.index(missing));
        }

        @Test
        void in_the_middle_refuses_to_open_with_LogCorrupted_naming_the_gap_and_changes_nothing() throws Exception {
            deleteSegment(2);
            var files = LogFiles.snapshot(dir);

            var corrupted = catchThrowableOfType(LogCorrupted.class, () -> open(SMALL_SEGMENTS));

            assertThat(corrupted).isNotNull();
            assertThat(corrupted.reason()).contains(String.valueOf(LogFiles.firstPositionOf(missing)))
                    .contains(String.valueOf(LogFiles.firstPositionOf(segments.get(3))));
            assertThat(LogFiles.snapshot(dir)).as("the data directory after the refused open").isEqualTo(files);
        }

        @Test
        void in_the_middle_is_reported_by_verify_with_every_intact_event_that_repair_then_drops() throws Exception {
            deleteSegment(2);
            Path afterGap = segments.get(3);
            long firstAfterGap = LogFiles.firstPositionOf(afterGap);

            var damage = LogTools.verify(dir).damage().orElseThrow();

            assertThat(damage.segment()).isEqualTo(afterGap);
            assertThat(damage.offset()).isZero();
            assertThat(damage.laterSegments()).containsExactlyElementsOf(segments.subList(4, segments.size()));
            // repair deletes the segment after the gap too, and its events are as intact as the later ones
            assertThat(damage.intactEventsLost())
                    .as("intact events that repair drops: those of " + afterGap.getFileName() + " and every later"
                            + " segment")
                    .containsExactly(new PositionRange(firstAfterGap, before.size() - 1));
        }

        @Test
        void at_the_start_refuses_to_open_rather_than_start_the_global_order_at_a_later_position() throws Exception {
            deleteSegment(0);
            long[] seen = {-1, -1};

            var thrown = catchThrowable(() -> {
                try (var log = open(SMALL_SEGMENTS)) {
                    seen[0] = log.headPosition();
                    seen[1] = log.readAll(0, 1).getFirst().position();
                }
            });

            assertThat(thrown).as("opening a log without %s, which held positions 0..%d (it opened with head %d, and"
                            + " readAll(0, 1) returned an event at position %d)", missing.getFileName(),
                    LogFiles.firstPositionOf(segments.get(1)) - 1, seen[0], seen[1])
                    .isInstanceOf(LogCorrupted.class);
            assertThat(LogTools.verify(dir).ok()).as("verify of that log").isFalse();
        }
    }

    private List<RecordedEvent> write(long segmentBytes, int appends) {
        try (var log = open(segmentBytes)) {
            for (int i = 0; i < appends; i++) {
                int append = i;
                var events = IntStream.range(0, i % 3 + 1)
                        .mapToObj(k -> event("append " + append + ", event " + k + " " + "x".repeat(append * 7 % 150)))
                        .toList();
                log.append("stream-" + i % 4, ExpectedVersion.any(), events);
            }
            return readAll(log);
        }
    }

    private EmbeddedLog open(long segmentBytes) {
        return EmbeddedLog.open(LogConfig.of(dir, c -> c.segmentBytes = segmentBytes));
    }

    private Path onlySegment() {
        var segments = LogFiles.segments(dir);
        assertThat(segments).hasSize(1);
        return segments.getFirst();
    }

    private static List<RecordedEvent> readAll(EmbeddedLog log) {
        var all = new ArrayList<RecordedEvent>();
        while (true) {
            var page = log.readAll(all.size(), 1000);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
        }
    }

    private static NewEvent event(String text) {
        return NewEvent.of(TYPE, text.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.chorus.log.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.ReadDirection;
import dev.chorus.core.RecordedEvent;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import dev.chorus.log.LogCorrupted;
import dev.chorus.log.LogTools;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage a review found handled wrongly: a damaged index entry, a damaged record under a stream's last version, and
 * a repair that removes whole segments. Each leaves the log telling the truth and usable.
 */
class DamagedIndexAndRepairTest {
    private static final EventType TYPE = EventType.of("Thing.Happened", 1);
    /** Where a sealed index's entries start, and each entry's size: hash, version, position, frame offset. */
    private static final int INDEX_HEADER = 64;
    private static final int INDEX_ENTRY = 32;

    @TempDir
    Path dir;

    @Test
    void a_damaged_index_entry_is_found_by_verify_refused_on_read_and_rebuilt_after_repair() throws Exception {
        try (var log = open()) {
            log.append("lonely", ExpectedVersion.noStream(), List.of(event("only")));
        }
        fill();
        Path index = LogFiles.index(LogFiles.segments(dir).getFirst());
        flipVersionOfEntryAt(index, 0);

        var report = LogTools.verify(dir);
        assertThat(report.damage()).as("every record is intact").isEmpty();
        assertThat(report.damagedIndexes()).containsExactly(index);
        assertThat(report.ok()).isFalse();

        try (var log = open()) {
            assertThat(catchThrowable(() -> log.readStream("lonely", ReadDirection.FORWARD, 0, 10)))
                    .as("not an empty stream").isInstanceOf(LogCorrupted.class).hasMessageContaining("index");
            assertThat(catchThrowable(() -> log.append("lonely", ExpectedVersion.noStream(), List.of(event("dup")))))
                    .as("its version 0 is not taken again").isInstanceOf(LogCorrupted.class);
            assertThat(log.append("other", ExpectedVersion.any(), List.of(event("fine"))).positions()).hasSize(1);
        }

        var repaired = LogTools.repair(dir);
        assertThat(repaired.damagedIndexes()).containsExactly(index);
        assertThat(Files.exists(index)).isFalse();
        assertThat(LogTools.verify(dir).ok()).isTrue();
        try (var log = open()) {
            assertThat(log.readStream("lonely", ReadDirection.FORWARD, 0, 10)).extracting(RecordedEvent::version)
                    .containsExactly(0L);
        }
    }

    @Test
    void a_damaged_record_under_a_streams_last_version_refuses_that_streams_appends_only() throws Exception {
        try (var log = open()) {
            log.append("lonely", ExpectedVersion.noStream(), List.of(event("only")));
        }
        fill();
        Path first = LogFiles.segments(dir).getFirst();
        LogFiles.flipByte(first, LogFiles.frames(first).getFirst().end() - 5);

        try (var log = open()) {
            assertThat(catchThrowable(() -> log.append("lonely", ExpectedVersion.any(), List.of(event("x")))))
                    .isInstanceOf(LogCorrupted.class).hasMessageContaining(first.getFileName().toString());
            assertThat(catchThrowable(() -> log.append("other", ExpectedVersion.any(), List.of(event("y")))))
                    .as("the log stays open for every other stream").isNull();
        }
    }

    @Test
    void a_repair_that_removes_a_segment_from_the_middle_leaves_a_log_that_opens_and_appends() throws Exception {
        fill();
        var segments = LogFiles.segments(dir);
        Path gone = segments.get(2);
        Files.delete(gone);
        Files.delete(LogFiles.index(gone));

        var repaired = LogTools.repair(dir);
        assertThat(repaired.damage()).isPresent();
        assertThat(LogFiles.segments(dir)).containsExactlyElementsOf(segments.subList(0, 2));

        try (var log = open()) {
            long head = log.headPosition();
            assertThat(head).isPositive();
            assertThat(log.append("after", ExpectedVersion.any(), List.of(event("repair"))).positions())
                    .containsExactly(head);
        }
        assertThat(LogTools.verify(dir).ok()).isTrue();
    }

    /** Flips the low byte of the version of the index entry of the event at {@code position}. */
    private static void flipVersionOfEntryAt(Path index, long position) throws Exception {
        var bytes = ByteBuffer.wrap(Files.readAllBytes(index));
        long entries = bytes.getLong(32);
        for (int i = 0; i < entries; i++) {
            int entry = INDEX_HEADER + i * INDEX_ENTRY;
            if (bytes.getLong(entry + 16) == position) {
                LogFiles.flipByte(index, entry + 15);
                return;
            }
        }
        throw new AssertionError("no index entry for position " + position);
    }

    /** Enough appends of varied sizes over four streams for several sealed segments of the smallest size. */
    private void fill() {
        try (var log = open()) {
            for (int i = 0; i < 100; i++) {
                log.append("s" + i % 4, ExpectedVersion.any(), List.of(event("e" + "x".repeat(i * 7 % 150))));
            }
        }
    }

    private EmbeddedLog open() {
        return EmbeddedLog.open(LogConfig.of(dir, c -> c.segmentBytes = LogConfig.MIN_SEGMENT_BYTES));
    }

    private static NewEvent event(String text) {
        return NewEvent.of(TYPE, text.getBytes(StandardCharsets.UTF_8));
    }
}

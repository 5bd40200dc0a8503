package dev.chorus.log;

import static dev.chorus.log.LogFixture.event;
import static dev.chorus.log.LogFixture.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.RecordedEvent;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening and stream reads go through the indexes. The proof: payload bytes nobody should read are damaged, and
 * only the reads that really touch them notice.
 */
class ReadCostTest {
    private static final long SEGMENT = 4096;

    @TempDir
    Path dir;

    @Test
    void opening_a_log_reads_the_indexes_of_sealed_segments_not_their_payloads() throws Exception {
        givenManySealedSegments();
        Path sealed = segments().get(1);
        damagePayloadsOf(sealed);

        try (var log = open(dir, c -> c.segmentBytes = SEGMENT)) {
            assertThat(log.recovery().rebuiltIndexes()).isZero();
            assertThat(log.headPosition()).isEqualTo(600);
            long first = Long.parseLong(sealed.getFileName().toString().substring(0, 20));
            assertThatThrownBy(() -> log.readAll(first, 1)).isInstanceOf(LogCorrupted.class)
                    .satisfies(e -> assertThat(((LogCorrupted) e).segment()).isEqualTo(sealed));
        }
    }

    @Test
    void reading_one_stream_touches_only_that_streams_records() throws Exception {
        givenManySealedSegments();
        for (Path segment : segments().subList(0, segments().size() - 1)) {
            damagePayloadsOf(segment, "other");
        }

        try (var log = open(dir, c -> c.segmentBytes = SEGMENT)) {
            var lonely = log.readStream("lonely");
            assertThat(lonely).extracting(RecordedEvent::version)
                    .containsExactlyElementsOf(Stream.iterate(0L, v -> v + 1).limit(12).toList());
            assertThat(log.streamVersion("lonely")).isEqualTo(11);
            assertThatThrownBy(() -> log.readStream("other")).isInstanceOf(LogCorrupted.class);
        }
    }

    /** 600 events: 588 in stream "other", one in 50 in stream "lonely", over many 4 KiB segments. */
    private void givenManySealedSegments() throws Exception {
        try (var log = open(dir, c -> c.segmentBytes = SEGMENT)) {
            for (int i = 0; i < 600; i++) {
                log.append(i % 50 == 0 ? "lonely" : "other", ExpectedVersion.any(), event("payload-" + i));
            }
        }
        assertThat(segments()).hasSizeGreaterThan(5);
    }

    private List<Path> segments() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".seg")).sorted().toList();
        }
    }

    private static void damagePayloadsOf(Path segment) throws Exception {
        damagePayloadsOf(segment, "");
    }

    /** Flips a byte inside the data of every record in {@code segment} whose stream id starts with {@code stream}. */
    private static void damagePayloadsOf(Path segment, String stream) throws Exception {
        byte[] bytes = Files.readAllBytes(segment);
        byte[] marker = ("payload-").getBytes();
        byte[] streamBytes = stream.getBytes();
        try (var file = new RandomAccessFile(segment.toFile(), "rw")) {
            for (int at = 0; at + marker.length < bytes.length; at++) {
                if (startsWith(bytes, at, marker) && recordStream(bytes, at, streamBytes)) {
                    file.seek(at);
                    file.write('P');
                }
            }
        }
    }

    /** Whether the nearest stream id written before {@code at} starts with {@code stream}. */
    private static boolean recordStream(byte[] bytes, int at, byte[] stream) {
        if (stream.length == 0) {
            return true;
        }
        for (int i = at; i >= 0; i--) {
            if (startsWith(bytes, i, "lonely".getBytes()) || startsWith(bytes, i, "other".getBytes())) {
                return startsWith(bytes, i, stream);
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        if (at + prefix.length > bytes.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}

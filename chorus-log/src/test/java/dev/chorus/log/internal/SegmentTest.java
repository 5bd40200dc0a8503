package dev.chorus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads of a segment's bytes from its memory mapping, and where the mapping cannot serve them. */
class SegmentTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(Segment.fileName(0));
    }

    /** Appends {@code length} bytes to the file, each byte its own offset's low bits, and returns the new size. */
    private long grow(long from, int length) throws Exception {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (from + i);
        }
        try (var channel = FileChannel.open(file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), from);
        }
        return from + length;
    }

    private static byte[] expected(long from, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (from + i);
        }
        return bytes;
    }

    @Test
    void reads_of_a_file_that_keeps_its_size_come_from_one_mapping() throws Exception {
        long size = grow(0, 1 << 20);
        var segment = new Segment(0, file(), new MemIndex(), size);
        try {
            for (long at : new long[] {0, 4096, 777_777, size - 100}) {
                byte[] into = new byte[100];
                assertThat(segment.copyMapped(at, into, 100)).isTrue();
                assertThat(into).isEqualTo(expected(at, 100));
            }
            assertThat(segment.mappings()).isEqualTo(1);
        } finally {
            segment.close();
        }
    }

    @Test
    void bytes_past_the_end_of_the_file_are_not_mapped() throws Exception {
        long size = grow(0, 10_000);
        var segment = new Segment(0, file(), new MemIndex(), size);
        try {
            byte[] into = new byte[100];
            assertThat(segment.copyMapped(size - 50, into, 100)).isFalse();
            assertThat(segment.copyMapped(size - 100, into, 100)).isTrue();
            assertThat(into).isEqualTo(expected(size - 100, 100));
        } finally {
            segment.close();
        }
    }

    @Test
    void a_file_that_grows_past_its_mapping_is_mapped_again_a_few_times_then_no_more() throws Exception {
        long size = grow(0, 4096);
        var segment = new Segment(0, file(), new MemIndex(), size);
        try {
            byte[] into = new byte[64];
            for (int round = 0; round < Segment.MAX_MAPPINGS + 3; round++) {
                long at = size;
                size = grow(size, 4096);
                segment.end(size);
                boolean mapped = segment.copyMapped(at, into, 64);
                // past that, SegmentReader reads these bytes through the channel, as it does without a mapping
                assertThat(mapped).as("round %d", round).isEqualTo(round < Segment.MAX_MAPPINGS);
                if (mapped) {
                    assertThat(into).isEqualTo(expected(at, 64));
                }
            }
            assertThat(segment.mappings()).isEqualTo(Segment.MAX_MAPPINGS);
        } finally {
            segment.close();
        }
    }
}

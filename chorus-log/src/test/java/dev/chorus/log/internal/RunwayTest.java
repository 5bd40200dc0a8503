package dev.chorus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appends over zeros written ahead land exactly as appended, whoever is ahead, and cutting leaves only them. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RunwayTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void zeros_are_written_ahead_of_the_appends_and_cut_off_after_them() throws IOException {
        Path file = dir.resolve("segment");
        try (var channel = open(file)) {
            var runway = new Runway(channel, file, 0, Long.MAX_VALUE, true);
            byte[] appended = pattern(10_000, 1);

            runway.write(ByteBuffer.wrap(appended), 0);
            awaitSize(channel, Runway.AHEAD);

            assertThat(channel.size()).as("zeros ahead, at most a step past the runway's length")
                    .isBetween(Runway.AHEAD, appended.length + Runway.AHEAD);
            byte[] all = Files.readAllBytes(file);
            assertThat(Arrays.copyOf(all, appended.length)).isEqualTo(appended);
            assertThat(zerosFrom(all, appended.length)).isTrue();

            runway.cut();
            assertThat(channel.size()).isEqualTo(appended.length);
        }
    }

    @Test
    void an_appender_that_passes_the_zeros_writes_past_them_and_the_zeros_go_on_after_it() throws IOException {
        Path file = dir.resolve("segment");
        try (var channel = open(file)) {
            var runway = new Runway(channel, file, 0, Long.MAX_VALUE, true);
            byte[] first = pattern(100, 2);
            runway.write(ByteBuffer.wrap(first), 0);
            awaitSize(channel, Runway.AHEAD);

            byte[] large = pattern((int) Runway.AHEAD + 12_345, 3);
            runway.write(ByteBuffer.wrap(large), first.length);
            long end = first.length + large.length;
            awaitSize(channel, end + Runway.AHEAD / 2);
            runway.stop();

            assertThat(channel.size()).as("zeros go on after the appends").isGreaterThanOrEqualTo(end + Runway.AHEAD / 2);
            byte[] all = Files.readAllBytes(file);
            assertThat(Arrays.copyOfRange(all, 0, first.length)).isEqualTo(first);
            assertThat(Arrays.copyOfRange(all, first.length, (int) end)).isEqualTo(large);
            assertThat(zerosFrom(all, (int) end)).isTrue();
        }
    }

    @Test
    void appends_of_every_size_racing_the_zeros_are_never_overwritten_by_them() throws IOException {
        var random = new SplittableRandom(11);
        for (int round = 0; round < 5; round++) {
            Path file = dir.resolve("segment-" + round);
            byte[] expected = pattern(3 * (int) Runway.AHEAD, 20 + round);
            try (var channel = open(file)) {
                var runway = new Runway(channel, file, 0, Long.MAX_VALUE, true);
                int at = 0;
                while (at < expected.length) {
                    int n = Math.min(expected.length - at, random.nextInt(10) == 0 ? random.nextInt(2 << 20)
                            : 1 + random.nextInt(8_000));
                    if (random.nextBoolean()) {
                        runway.write(ByteBuffer.wrap(expected, at, n), at);
                    } else {
                        int half = n / 2;
                        runway.write(new ByteBuffer[] {ByteBuffer.wrap(expected, at, half),
                                ByteBuffer.wrap(expected, at + half, n - half)}, at);
                    }
                    at += n;
                }
                runway.cut();
            }
            assertThat(Files.readAllBytes(file)).as("round " + round).isEqualTo(expected);
        }
    }

    @Test
    void a_runway_that_does_not_extend_never_grows_the_file_past_the_appends() throws Exception {
        Path file = dir.resolve("segment");
        try (var channel = open(file)) {
            var runway = new Runway(channel, file, 0, Long.MAX_VALUE, false);
            runway.write(ByteBuffer.wrap(pattern(5_000, 4)), 0);
            Thread.sleep(200);

            assertThat(channel.size()).isEqualTo(5_000);
        }
    }

    @Test
    void zeros_stop_at_the_limit() throws IOException {
        Path file = dir.resolve("segment");
        long limit = Runway.AHEAD / 4 + 100;
        try (var channel = open(file)) {
            var runway = new Runway(channel, file, 0, limit, true);
            runway.write(ByteBuffer.wrap(pattern(1_000, 5)), 0);
            awaitSize(channel, limit);
            runway.stop();

            assertThat(channel.size()).isEqualTo(limit);
        }
    }

    @Test
    void the_zeros_are_forced_through_a_channel_of_their_own_never_through_the_appenders() throws IOException {
        // Linux tells a write-back error to the first fsync through each open file: an fsync of the zeros through the
        // appender's channel could take the error of the appender's own pages, and its next fsync succeed
        Path file = dir.resolve("segment");
        var forcedBy = new CopyOnWriteArrayList<String>();
        try (var real = open(file); var channel = new ForceRecording(real, forcedBy)) {
            var runway = new Runway(channel, file, 0, Long.MAX_VALUE, true);
            runway.write(ByteBuffer.wrap(pattern(10_000, 1)), 0);
            awaitSize(real, Runway.AHEAD);
            runway.force();
            runway.cut();
        }
        assertThat(forcedBy).containsOnly(Thread.currentThread().getName());
    }

    /** The appender's channel, noting which thread forces it. */
    private static final class ForceRecording extends FileChannel {
        private final FileChannel d;
        private final List<String> forcedBy;

        ForceRecording(FileChannel d, List<String> forcedBy) {
            this.d = d;
            this.forcedBy = forcedBy;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            forcedBy.add(Thread.currentThread().getName());
            d.force(metaData);
        }

        @Override public int read(ByteBuffer b) throws IOException { return d.read(b); }
        @Override public long read(ByteBuffer[] b, int o, int l) throws IOException { return d.read(b, o, l); }
        @Override public int write(ByteBuffer b) throws IOException { return d.write(b); }
        @Override public long write(ByteBuffer[] b, int o, int l) throws IOException { return d.write(b, o, l); }
        @Override public long position() throws IOException { return d.position(); }
        @Override public FileChannel position(long p) throws IOException { d.position(p); return this; }
        @Override public long size() throws IOException { return d.size(); }
        @Override public FileChannel truncate(long s) throws IOException { d.truncate(s); return this; }
        @Override public long transferTo(long p, long c, WritableByteChannel t) throws IOException {
            return d.transferTo(p, c, t);
        }
        @Override public long transferFrom(ReadableByteChannel s, long p, long c) throws IOException {
            return d.transferFrom(s, p, c);
        }
        @Override public int read(ByteBuffer b, long p) throws IOException { return d.read(b, p); }
        @Override public int write(ByteBuffer b, long p) throws IOException { return d.write(b, p); }
        @Override public MappedByteBuffer map(MapMode m, long p, long s) throws IOException { return d.map(m, p, s); }
        @Override public FileLock lock(long p, long s, boolean sh) throws IOException { return d.lock(p, s, sh); }
        @Override public FileLock tryLock(long p, long s, boolean sh) throws IOException { return d.tryLock(p, s, sh); }
        @Override protected void implCloseChannel() throws IOException { d.close(); }
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Waits for the background zeros (this asserts what is written, not how fast); fails when they never come. */
    private static void awaitSize(FileChannel channel, long size) throws IOException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (channel.size() < size) {
            assertThat(System.nanoTime()).as("the file reaching " + size + " bytes").isLessThan(deadline);
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Bytes that are never zero, so a zero in the file is never an appended byte. */
    private static byte[] pattern(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        for (int i = 0; i < length; i++) {
            if (bytes[i] == 0) {
                bytes[i] = 1;
            }
        }
        return bytes;
    }

    private static boolean zerosFrom(byte[] all, int from) {
        for (int i = from; i < all.length; i++) {
            if (all[i] != 0) {
                return false;
            }
        }
        return true;
    }
}

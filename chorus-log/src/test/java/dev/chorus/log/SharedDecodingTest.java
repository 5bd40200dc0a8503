package dev.chorus.log;

import static dev.chorus.log.LogFixture.event;
import static dev.chorus.log.LogFixture.open;
import static dev.chorus.log.LogFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers of the same frames share one decoding of them, and never get another frame's events for theirs. */
class SharedDecodingTest {
    @TempDir
    Path dir;

    @Test
    void two_readers_of_the_same_new_events_share_their_decoded_metadata_but_not_their_payload_arrays() {
        try (var log = open(dir)) {
            log.append("cart-1", ExpectedVersion.any(), List.of(event("a"), event("b")));
            log.append("cart-2", ExpectedVersion.any(), List.of(event("c")));

            var first = log.readAll(0, 10);
            var second = log.readAll(0, 10);
            var stream = log.readStream("cart-1");

            assertThat(second).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(second.get(i)).isEqualTo(first.get(i));
                assertThat(second.get(i).metadata()).isSameAs(first.get(i).metadata());
                assertThat(second.get(i).data()).isNotSameAs(first.get(i).data());
            }
            assertThat(stream.get(1).metadata()).isSameAs(first.get(1).metadata());
        }
    }

    @Test
    void a_large_frame_is_decoded_for_each_reader_and_not_kept() {
        try (var log = open(dir)) {
            log.append("cart-1", ExpectedVersion.any(), List.of(event("x".repeat(64 << 10))));

            var first = log.readAll(0, 1);
            var second = log.readAll(0, 1);

            assertThat(second.getFirst()).isEqualTo(first.getFirst());
            assertThat(second.getFirst().metadata()).isNotSameAs(first.getFirst().metadata());
        }
    }

    @Test
    void many_more_frames_than_the_cache_holds_read_back_as_written_in_any_order_of_reads() {
        // 12,000 events: the first ones lie far enough below the head to be decoded for their reader alone
        try (var log = open(dir, c -> c.fsync = FsyncPolicy.NEVER)) {
            var written = new ArrayList<String>();
            for (int frame = 0; written.size() < 12_000; frame++) {
                int size = 1 + frame % 3;
                String stream = "s-" + frame % 7;
                var events = new ArrayList<NewEvent>();
                for (int k = 0; k < size; k++) {
                    String text = "frame " + frame + " event " + k;
                    events.add(event(text));
                    written.add(text);
                }
                log.append(stream, ExpectedVersion.any(), events);
            }

            for (int pass = 0; pass < 2; pass++) {
                for (int page : List.of(1, 7, 1000)) {
                    assertThat(readAllInPages(log, page)).containsExactlyElementsOf(written);
                }
                for (long from : List.of(11_999L, 9_000L, 4_999L, 1_023L, 1_024L, 2_049L, 0L)) {
                    assertThat(log.readAll(from, 3).stream().map(LogFixture::text).toList())
                            .containsExactlyElementsOf(written.subList((int) from, (int) Math.min(from + 3, written.size())));
                }
            }
            var fromStreams = IntStream.range(0, 7).boxed()
                    .flatMap(s -> log.readStream("s-" + s).stream())
                    .sorted(java.util.Comparator.comparingLong(RecordedEvent::position))
                    .map(LogFixture::text).toList();
            assertThat(fromStreams).containsExactlyElementsOf(written);
        }
    }

    @Test
    void readers_waiting_at_the_head_while_frames_arrive_across_rolls_get_every_event_once_in_order() throws Exception {
        // 8 KiB segments roll every few dozen frames; each reader asks again from where its last page ended, as a
        // subscription at the head does, so most pages are short and begin where the one before stopped
        try (var log = open(dir, c -> {
            c.fsync = FsyncPolicy.NEVER;
            c.segmentBytes = 8 << 10;
        })) {
            int frames = 3_000;
            var written = new ArrayList<String>();
            var writer = Thread.ofPlatform().start(() -> {
                for (int frame = 0; frame < frames; frame++) {
                    var events = new ArrayList<NewEvent>();
                    for (int k = 0; k <= frame % 3; k++) {
                        events.add(event("frame " + frame + " event " + k));
                    }
                    log.append("s-" + frame % 5, ExpectedVersion.any(), events);
                    synchronized (written) {
                        events.forEach(e -> written.add(new String(e.data(), StandardCharsets.UTF_8)));
                    }
                }
            });
            var readers = new ArrayList<CompletableFuture<List<String>>>();
            for (int r = 0; r < 3; r++) {
                readers.add(CompletableFuture.supplyAsync(() -> {
                    var mine = new ArrayList<String>();
                    long position = 0;
                    while (writer.isAlive() || position < log.headPosition()) {
                        for (var e : log.readAll(position, 5)) {
                            assertThat(e.position()).isEqualTo(position);
                            mine.add(text(e));
                            position++;
                        }
                    }
                    return mine;
                }, runnable -> Thread.ofPlatform().start(runnable)));
            }
            writer.join();

            for (var reader : readers) {
                assertThat(reader.get(60, TimeUnit.SECONDS)).containsExactlyElementsOf(written);
            }
            try (var files = Files.list(dir)) {
                assertThat(files.filter(f -> f.toString().endsWith(".seg")).count()).isGreaterThan(10);
            }
        }
    }

    private static List<String> readAllInPages(EmbeddedLog log, int pageSize) {
        var read = new ArrayList<String>();
        long position = 0;
        while (true) {
            var page = log.readAll(position, pageSize);
            if (page.isEmpty()) {
                return read;
            }
            page.forEach(e -> read.add(text(e)));
            position = page.getLast().position() + 1;
        }
    }
}

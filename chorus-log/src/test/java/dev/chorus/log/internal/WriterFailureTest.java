package dev.chorus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.AppendResult;
import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer failing while batches wait for the syncer (a review's finding): whatever is acknowledged is on disk,
 * in order, with no gap before it, and every append gets an answer.
 */
class WriterFailureTest {
    private static final int TRIALS = 800;
    private static final int APPENDS = 500;

    @TempDir
    Path root;

    @Test
    void no_acknowledged_append_lies_behind_a_gap_and_none_is_left_unanswered() throws Exception {
        var random = new SplittableRandom(42);
        var damaged = new ArrayList<String>();
        for (int trial = 0; trial < TRIALS; trial++) {
            Path file = Files.createDirectory(root.resolve("t" + trial)).resolve(Segment.fileName(0));
            Files.createFile(file);
            var mem = new MemIndex();
            var segment = new Segment(0, file, mem, 0);
            // the writer fails at a random append: looking up a new stream's version in the sealed segments throws
            int failAt = random.nextInt(30, 450);
            var lookups = new AtomicInteger();
            long[] head = {0};
            var reader = new LogReader(() -> {
                if (lookups.incrementAndGet() == failAt) {
                    throw new IllegalStateException("a read failed");
                }
                return new View(List.of(segment), head[0]);
            });
            var writer = new GroupCommitWriter(false, 1L << 20, segment, mem, 0, 0, reader,
                    (active, size, index, next) -> { throw new UnsupportedOperationException("no roll here"); },
                    published -> head[0] = published);
            var answers = new ArrayList<CompletableFuture<AppendResult>>();
            for (int i = 0; i < APPENDS; i++) {
                byte[] frame = FrameCodec.encode("s-" + i, List.of(NewEvent.of(EventType.of("E", 1), new byte[600])));
                answers.add(writer.appendQueued(GroupCommitWriter.Append.queued("s-" + i, ExpectedVersion.any(), frame,
                        Optional.empty())));
            }
            answers.forEach(answer -> answer.exceptionally(refused -> null).orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join());
            writer.close();
            segment.close();
            long acknowledged = answers.stream().filter(answer -> !answer.isCompletedExceptionally()).count();
            try (var channel = FileChannel.open(file)) {
                var scan = SegmentScan.scan(channel, 0, (offset, frameHead, frames) -> { });
                if (scan.damage().isPresent() || scan.endPosition() < acknowledged) {
                    damaged.add("trial " + trial + ": " + acknowledged + " acknowledged, " + scan.endPosition()
                            + " readable, " + scan.damage().map(FrameDamage::reason).orElse("no damage"));
                }
            }
        }
        assertThat(damaged).isEmpty();
    }
}

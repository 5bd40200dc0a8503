package dev.chorus.testkit;

import static dev.chorus.core.ExpectedVersion.any;
import static dev.chorus.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.AppendResult;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Many writers at once: the store serialises them without losing, doubling or splitting an append. */
public abstract class ConcurrencyContract extends Contract {
    private static final int WRITERS = 8;

    protected ConcurrencyContract(StoreFixture fixture) {
        super(fixture);
    }

    @Test
    void eight_writers_racing_for_each_version_of_one_stream_leave_exactly_one_winner_per_version() {
        ConcurrentWriters.exactlyOneWinsEachVersion(store(), "race-1", WRITERS, 25);
    }

    @Test
    void a_race_on_one_stream_does_not_disturb_another() {
        store().append("bystander", any(), event("before"));

        ConcurrentWriters.exactlyOneWinsEachVersion(store(), "race-2", WRITERS, 10);

        assertThat(store().readStream("bystander")).extracting(TestEvents::text).containsExactly("before");
    }

    @Test
    void writers_appending_without_expectations_all_succeed_and_no_append_is_split_or_lost() throws Exception {
        record Written(List<NewEvent> events, AppendResult result) {}
        int appendsPerWriter = 40;
        var store = store();
        var tasks = new ArrayList<Callable<List<Written>>>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            tasks.add(() -> {
                var written = new ArrayList<Written>();
                for (int a = 0; a < appendsPerWriter; a++) {
                    var events = batch(writer, a);
                    written.add(new Written(events, store.append("shared-" + (a % 3), any(), events)));
                }
                return written;
            });
        }

        var appends = new ArrayList<Written>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<List<Written>> future : executor.invokeAll(tasks)) {
                appends.addAll(future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
            }
        }

        var all = everything();
        int total = appends.stream().mapToInt(w -> w.events().size()).sum();
        Sequences.assertRange("positions in the store", all.stream().map(RecordedEvent::position).toList(), 0, total);
        for (var append : appends) {
            var result = append.result();
            assertThat(result.positions()).as("the positions of one append").containsExactlyElementsOf(
                    LongStream.rangeClosed(result.firstPosition(), result.firstPosition() + append.events().size() - 1)
                            .boxed().toList());
            assertThat(result.positions().stream().map(p -> all.get(p.intValue())).toList())
                    .as("the events of one append, together and in order")
                    .extracting(TestEvents::text)
                    .containsExactlyElementsOf(append.events().stream()
                            .map(e -> new String(e.data(), StandardCharsets.UTF_8)).toList());
            assertThat(all.get((int) result.lastPosition()).version()).isEqualTo(result.lastVersion());
        }
        for (int s = 0; s < 3; s++) {
            var stream = store().readStream("shared-" + s);
            Sequences.assertRange("versions of shared-" + s, stream.stream().map(RecordedEvent::version).toList(), 0,
                    stream.size());
        }
    }

    /** One to three events, all naming the writer and the append, numbered in order. */
    private static List<NewEvent> batch(int writer, int append) {
        int size = 1 + (writer + append) % 3;
        var events = new ArrayList<NewEvent>(size);
        for (int i = 0; i < size; i++) {
            events.add(event("w" + writer + "-a" + append + "-e" + i));
        }
        return events;
    }
}

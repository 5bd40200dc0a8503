package dev.chorus.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.decider.CommandLoop;
import dev.chorus.core.decider.Decider;
import dev.chorus.core.decider.DeciderBinding;
import dev.chorus.core.handler.HandlerContext;
import dev.chorus.core.handler.HandlerRegistration;
import dev.chorus.core.handler.Handlers;
import dev.chorus.core.handler.RunningHandler;
import dev.chorus.json.JsonEventCodec;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.log.state.StateStoreConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the embedded log with fsync on, a handler's commands queue their appends: the reactions to a page of events
 * share a few fsyncs instead of waiting for one each, and still land in the order of the events they answer.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class QueuedReactionsOnTheLogTest {
    record Tally(String counter, int ping) {}

    sealed interface TallyEvent {}

    record Counted(int ping) implements TallyEvent {}

    static final JsonEventCodec<TallyEvent> CODEC = JsonEventCodec.builder(TallyEvent.class)
            .register(Counted.class, "test.Counted", 1)
            .build();
    /** One stream for every reaction, so that each append is decided on the state the one before it leaves. */
    static final DeciderBinding<Tally, List<Integer>, TallyEvent> TALLY = DeciderBinding.of(
            Decider.<Tally, List<Integer>, TallyEvent>of(List::of,
                    (tally, seen) -> seen.contains(tally.ping()) ? List.of() : List.of(new Counted(tally.ping())),
                    (seen, event) -> {
                        var next = new ArrayList<>(seen);
                        next.add(((Counted) event).ping());
                        return List.copyOf(next);
                    }),
            CODEC, tally -> "tally-" + tally.counter());
    static final int PINGS = 600;

    @TempDir
    Path dir;

    private EmbeddedLog log;
    private EmbeddedStateStore state;
    private Handlers handlers;

    @AfterEach
    void close() {
        if (handlers != null) {
            handlers.close();
        }
        state.close();
        log.close();
    }

    @Test
    void given_a_backlog_of_pings_when_a_handler_tallies_each_then_the_tallies_share_fsyncs_and_keep_the_pings_order()
            throws Exception {
        log = EmbeddedLog.open(LogConfig.of(dir, c -> { }));
        state = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir));
        for (int i = 0; i < PINGS; i += 100) {
            var pings = new ArrayList<NewEvent>();
            for (int p = i; p < i + 100; p++) {
                pings.add(NewEvent.of(dev.chorus.core.EventType.of("test.Ping", 1),
                        Integer.toString(p).getBytes(StandardCharsets.UTF_8)));
            }
            log.append("pings", ExpectedVersion.any(), pings);
        }
        var tallies = CommandLoop.create(log, TALLY, c -> c.stateCache = 4);
        handlers = Handlers.create(log, state, c -> { });
        var before = log.writerStats();

        RunningHandler handler = handlers.start(HandlerRegistration.of("tally", pingCodec(),
                (Integer ping, HandlerContext context) -> tallies.handle(new Tally("a", ping), context)));
        assertThat(handler.awaitPosition(PINGS, Duration.ofSeconds(60))).isTrue();

        var during = log.writerStats();
        long appends = during.appends() - before.appends();
        long fsyncs = during.batches() - before.batches();
        assertThat(appends).as("one tally per ping").isEqualTo(PINGS);
        // waiting for each append would take one fsync per tally; queued, about one in six on a quiet machine,
        // one in three on a loaded one: half is the line that tells the two apart with room for a busy CI
        assertThat(fsyncs).as("fsyncs for %d tallies", appends).isLessThanOrEqualTo(PINGS / 2);
        var counted = log.readStream("tally-a").stream().map(e -> ((Counted) CODEC.decode(e)).ping()).toList();
        assertThat(counted).hasSize(PINGS).isSorted();
    }

    private static dev.chorus.core.codec.EventCodec<Integer> pingCodec() {
        return new dev.chorus.core.codec.EventCodec<>() {
            @Override
            public dev.chorus.core.codec.EncodedEvent encode(Integer ping) {
                throw new UnsupportedOperationException("pings are written by the test");
            }

            @Override
            public Integer decode(dev.chorus.core.RecordedEvent event) {
                return Integer.parseInt(new String(event.data(), StandardCharsets.UTF_8));
            }

            @Override
            public boolean knows(String typeName) {
                return typeName.equals("test.Ping");
            }
        };
    }
}

package dev.chorus.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.LimitExceeded;
import dev.chorus.core.NewEvent;
import dev.chorus.core.codec.EncodedEvent;
import dev.chorus.core.handler.DeadLetterQuery;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.handler.HandlerConfig;
import dev.chorus.core.handler.HandlerRegistration;
import dev.chorus.core.handler.Handlers;
import dev.chorus.json.JsonEventCodec;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.log.state.StateStoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A handler's own state on the embedded state store, whose commits have a size limit. */
class HandlerStateOnTheLogTest {
    sealed interface NoteEvent {}

    record Noted(String id, int kib) implements NoteEvent {}

    static final JsonEventCodec<NoteEvent> CODEC = JsonEventCodec.builder(NoteEvent.class)
            .register(Noted.class, "notes.Noted", 1).build();

    /** Keeps each note as a value of its size. */
    static final HandlerRegistration<NoteEvent> KEEPER = HandlerRegistration.of("keeper", CODEC,
            (event, context) -> {
                if (event instanceof Noted noted) {
                    context.state().put("note/" + noted.id(), new byte[noted.kib() << 10]);
                }
            });

    @TempDir
    Path dir;

    @Test
    void a_batch_of_writes_larger_than_one_commit_is_committed_in_parts_and_an_event_that_alone_is_too_large_is_dead_lettered()
            throws Exception {
        try (var log = EmbeddedLog.open(LogConfig.of(dir, c -> c.fsync = FsyncPolicy.NEVER));
             var state = EmbeddedStateStore.open(StateStoreConfig.of(dir.resolve("state"),
                     c -> c.maxCommitBytes = 64 << 10))) {
            for (int i = 0; i < 20; i++) {
                append(log, new Noted("n" + i, i == 7 ? 30 : 10));
            }
            try (var handlers = new Handlers(log, state, new DeadLetters(state, Clock.systemUTC()),
                    HandlerConfig.defaults())) {
                var keeper = handlers.start(KEEPER);

                assertThat(keeper.awaitPosition(log.headPosition(), Duration.ofSeconds(30))).as("the handler went on")
                        .isTrue();
                assertThat(keeper.completion()).isNotDone();
                assertThat(handlers.deadLetters().list(DeadLetterQuery.pending())).singleElement()
                        .satisfies(letter -> {
                            assertThat(letter.position()).isEqualTo(7);
                            assertThat(letter.failure().errorClass()).isEqualTo(LimitExceeded.class.getName());
                        });
            }
            assertThat(state.scan("handler/keeper/state/note/", 100)).hasSize(19);
        }
    }

    private static void append(EmbeddedLog log, Noted noted) {
        EncodedEvent encoded = CODEC.encode(noted);
        log.append("note-" + noted.id(), ExpectedVersion.any(), NewEvent.of(encoded.type(), encoded.data()));
    }
}

package dev.chorus.core.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.codec.Codec;
import dev.chorus.core.codec.EncodedEvent;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.handler.RetryPolicy;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.state.StateStore;
import dev.chorus.testkit.MutableClock;
import dev.chorus.testkit.StoreFixture;
import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A journal saga, whose state lists every fact it applied, so that a fact applied twice or never shows.
 * Random conversations, a crash at a random commit (just before or just after it is durable), a restart on
 * what was durable: each conversation's state must list exactly its facts in the log, each fact must have
 * been acknowledged, and each conversation's timeout must have been answered once.
 */
class SagaCrashPropertiesTest {
    record Note(String text) {}

    record Ack(String text) {}

    record Sample(List<Integer> conversations, int dieAt, boolean afterCommit) {}

    static final EventType NOTE = EventType.of("Note", 1);

    static final class Journal implements Saga<List<String>, Note, Ack> {
        @Override
        public String name() {
            return "journal";
        }

        @Override
        public List<String> initialState() {
            return List.of();
        }

        @Override
        public List<String> evolve(List<String> state, Note event) {
            var next = new ArrayList<>(state);
            next.add(event.text());
            return next;
        }

        @Override
        public List<SagaEffect<Note, Ack>> react(List<String> state, Note event) {
            if (event.text().endsWith(":tick")) {
                return List.of(SagaEffect.issue(new Ack(event.text())));
            }
            return List.of(SagaEffect.issue(new Ack(event.text())), SagaEffect.scheduleAfter("tick", Duration.ofMinutes(1)));
        }

        @Override
        public List<SagaEffect<Note, Ack>> onTimeout(List<String> state, String timeoutName) {
            String conversation = state.getFirst().substring(0, state.getFirst().indexOf(':'));
            return List.of(SagaEffect.publish("notes-" + conversation, new Note(conversation + ":tick")));
        }
    }

    static final EventCodec<Note> NOTES = new EventCodec<>() {
        @Override
        public EncodedEvent encode(Note event) {
            return new EncodedEvent(NOTE, event.text().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public Note decode(RecordedEvent event) {
            return new Note(new String(event.data(), StandardCharsets.UTF_8));
        }

        @Override
        public boolean knows(String typeName) {
            return typeName.equals(NOTE.name());
        }
    };

    static final Codec<List<String>> LINES = new Codec<>() {
        @Override
        public byte[] encode(List<String> value) {
            return String.join("\n", value).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public List<String> decode(byte[] bytes) {
            return bytes.length == 0 ? List.of() : Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
        }
    };

    record Dispatch(Ack ack, CommandContext context) {}

    @Test
    void a_crash_at_a_random_commit_neither_loses_nor_doubles_a_fact_an_ack_or_a_timeout() {
        var samples = Gen.combine(Gen.ints(0, 3).list(1, 12),
                Gen.combine(Gen.ints(1, 60), Gen.booleans(), (k, after) -> new Object[] {k, after}),
                (conversations, crash) -> new Sample(conversations, (Integer) crash[0], (Boolean) crash[1]));
        PropertyCheck.forAll(150, samples, this::crashAndRestart);
    }

    private void crashAndRestart(Sample sample) {
        var clock = MutableClock.at(StoreFixture.START);
        try (var log = new InMemoryEventStore(clock, StoreLimits.DEFAULT); var state = new InMemoryStateStore()) {
            var dispatched = new CopyOnWriteArrayList<Dispatch>();
            var binding = SagaBinding.of(new Journal(), NOTES, LINES,
                    (Ack ack, CommandContext context) -> dispatched.add(new Dispatch(ack, context)));
            var config = SagaConfig.of(c -> c.clock(clock).timer(TimeoutTimer.manual()).sleeper(d -> {})
                    .retry(RetryPolicy.noRetries()));
            var seq = new int[4];
            for (int conversation : sample.conversations()) {
                String text = "c" + conversation + ":" + seq[conversation]++;
                log.append("notes-c" + conversation, ExpectedVersion.any(), List.of(new NewEvent(NOTE,
                        text.getBytes(StandardCharsets.UTF_8), MessageContext.correlatedBy("c" + conversation).metadata())));
            }
            var dying = new DyingStateStore(state, sample.dieAt(), sample.afterCommit());
            var first = SagaRunner.open(binding, log, dying, new DeadLetters(dying, clock), config);
            try {
                script(first, clock);
                first.close();
            } catch (DyingStateStore.Died crash) {
                first.close();
                var second = SagaRunner.open(binding, log, state, new DeadLetters(state, clock), config);
                script(second, clock);
                second.close();
            }
            check(log, state, binding, config, dispatched, clock);
        }
    }

    private static void script(SagaRunner<List<String>, Note, Ack> runner, MutableClock clock) {
        runner.catchUp();
        clock.set(StoreFixture.START.plus(Duration.ofMinutes(2)));
        runner.fireDueTimeouts();
        runner.catchUp();
    }

    private static void check(InMemoryEventStore log, StateStore state, SagaBinding<List<String>, Note, Ack> binding,
                              SagaConfig config, List<Dispatch> dispatched, MutableClock clock) {
        var view = SagaRunner.open(binding, log, state, new DeadLetters(state, clock), config);
        var facts = StoreFixture.everything(log);
        var conversations = facts.stream().filter(e -> e.type().equals(NOTE)).map(RecordedEvent::correlationId)
                .distinct().toList();
        for (var conversation : conversations) {
            var notes = facts.stream().filter(e -> e.type().equals(NOTE) && e.correlationId().equals(conversation))
                    .map(e -> NOTES.decode(e).text()).toList();
            assertThat(view.state(conversation)).as("the journal of %s", conversation).contains(notes);
            var ticks = facts.stream().filter(e -> e.correlationId().equals(conversation)
                    && NOTES.knows(e.type().name()) && NOTES.decode(e).text().endsWith(":tick"))
                    .map(RecordedEvent::eventId).distinct().toList();
            assertThat(ticks).as("the distinct tick facts of %s", conversation).hasSize(1);
            assertThat(view.pendingTimeouts(conversation)).isEmpty();
        }
        var acked = new HashSet<String>();
        dispatched.forEach(d -> acked.add(d.context().message().causationId().orElseThrow()));
        facts.stream().filter(e -> e.type().equals(NOTE)).forEach(note ->
                assertThat(acked).as("acknowledged facts").contains(note.eventId()));
        view.close();
    }
}

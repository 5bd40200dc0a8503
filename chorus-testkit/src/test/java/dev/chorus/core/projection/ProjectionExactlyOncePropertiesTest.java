package dev.chorus.core.projection;

import static dev.chorus.testkit.projection.Tally.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import dev.chorus.testkit.projection.Tally;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever the events, the batch size and the moments the process dies (inside a commit, or by a stop between
 * and inside batches while events keep coming), a projection restarted from its committed checkpoint applies every
 * event exactly once.
 */
@Timeout(300)
class ProjectionExactlyOncePropertiesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** A log of counted, reset and foreign events; where it splits into "before the start" and "while running". */
    record Scenario(List<NewEvent> events, int split, int batchSize, Set<Integer> failingCommits) {
        @Override
        public String toString() {
            return events.size() + " events (" + split + " before the start), batches of " + batchSize
                    + ", commits failing: " + failingCommits;
        }
    }

    private static final Gen<NewEvent> EVENT = Gen.frequencyOf(
            Gen.combine(Gen.oneOf("a", "b", "c", "d"), Gen.ints(0, 9),
                    (counter, by) -> Tally.stored(new Tally.Counted(counter, by))),
            Gen.oneOf("a", "b").map(counter -> Tally.stored(new Tally.Reset(counter))),
            random -> Tally.foreign());

    private static final Gen<Scenario> SCENARIOS = EVENT.list(0, 120).flatMap(events -> random -> new Scenario(
            events, events.isEmpty() ? 0 : random.nextInt(events.size() + 1), 1 + random.nextInt(25),
            new TreeSet<>(Gen.ints(1, 12).list(0, 4).next(random))));

    /** Counts every application of every event id, and keeps the counters, so reads of the batch matter too. */
    private static Projection<Tally.Event> audited() {
        var counters = Tally.counters();
        return Projection.of("audited", Tally.CODEC, (event, source, model) -> {
            String seen = "seen/" + source.eventId();
            model.put(seen, LONG.encode(model.get(seen, LONG).orElse(0L) + 1));
            counters.apply(event, source, model);
        });
    }

    @Test
    void every_event_is_applied_exactly_once_across_crashes_and_restarts() {
        PropertyCheck.forAll(150, SCENARIOS, scenario -> {
            try (var log = new InMemoryEventStore(); var store = new DyingStateStore(scenario.failingCommits())) {
                var config = ProjectionConfig.of(c -> c.batchSize = scenario.batchSize());
                scenario.events().subList(0, scenario.split()).forEach(e -> append(log, e));

                var first = ProjectionRunner.create(log, store, audited(), config);
                first.start();
                // The rest arrives while the first process runs; it then dies at some point.
                scenario.events().subList(scenario.split(), scenario.events().size()).forEach(e -> append(log, e));
                first.stop();

                // Restarts, each a new process, until one gets to the head without dying.
                for (int restart = 0; ; restart++) {
                    assertThat(restart).as("restarts needed").isLessThanOrEqualTo(scenario.failingCommits().size());
                    var next = ProjectionRunner.create(log, store, audited(), config);
                    try {
                        next.start();
                        if (log.headPosition() > 0) {
                            next.awaitPosition(log.headPosition() - 1, PATIENCE);
                        }
                        break;
                    } catch (ProjectionFailed died) {
                        assertThat(died.getCause()).isInstanceOf(DyingStateStore.Died.class);
                    } finally {
                        next.stop();
                    }
                }

                var view = ProjectionRunner.create(log, store, audited(), config);
                // Past the stored checkpoint there may be events it wrote nothing for (their checkpoint is saved at a
                // stop, which may die too): a start reads them again and again writes nothing.
                assertThat(view.checkpoint()).isLessThanOrEqualTo(log.headPosition());
                assertThat(log.readAll(view.checkpoint(), 1_000)).as("events past the stored checkpoint")
                        .allSatisfy(e -> assertThat(Tally.CODEC.knows(e.type().name())).isFalse());
                var applied = view.view().scan("seen/", 1000);
                long known = scenario.events().stream().filter(e -> Tally.CODEC.knows(e.type().name())).count();
                assertThat(applied).hasSize((int) known)
                        .allSatisfy(row -> assertThat(LONG.decode(row.value())).as(row.key()).isEqualTo(1));
                assertThat(counts(view.view())).isEqualTo(expectedCounts(scenario.events()));
            }
        });
    }

    @Test
    void the_state_at_any_position_is_the_events_before_it_folded_in_order() {
        record Travel(List<NewEvent> events, int batchSize) {}
        PropertyCheck.forAll(100, Gen.combine(EVENT.list(0, 80), Gen.ints(1, 30), Travel::new), sample -> {
            var events = sample.events();
            int batchSize = sample.batchSize();
            try (var log = new InMemoryEventStore(); var store = new InMemoryStateStore()) {
                events.forEach(e -> append(log, e));
                var runner = ProjectionRunner.create(log, store, Tally.counters(),
                        ProjectionConfig.of(c -> c.batchSize = batchSize));

                for (int position = 0; position <= events.size(); position++) {
                    assertThat(counts(runner.stateAt(position))).as("at %d", position)
                            .isEqualTo(expectedCounts(events.subList(0, position)));
                }
                assertThat(store.scan("", 10)).as("the live store is untouched").isEmpty();
            }
        });
    }

    private static void append(InMemoryEventStore log, NewEvent event) {
        log.append("tally", ExpectedVersion.any(), event);
    }

    private static Map<String, Long> counts(ReadModelView view) {
        var counts = new HashMap<String, Long>();
        for (StateEntry row : view.scan("count/", 1000)) {
            counts.put(row.key(), LONG.decode(row.value()));
        }
        return counts;
    }

    /** The reference: the counters folded in memory. */
    private static Map<String, Long> expectedCounts(List<NewEvent> events) {
        var counts = new HashMap<String, Long>();
        for (NewEvent event : events) {
            if (!Tally.CODEC.knows(event.type().name())) {
                continue;
            }
            var recorded = new RecordedEvent(0, "tally", 0, event.type(), event.data(), Map.of());
            switch (Tally.CODEC.decode(recorded)) {
                case Tally.Counted c -> counts.merge("count/" + c.counter(), (long) c.by(), Long::sum);
                case Tally.Reset r -> counts.remove("count/" + r.counter());
            }
        }
        return counts;
    }

    /** A real in-memory state store whose chosen commits die before applying anything, as a killed process would. */
    static final class DyingStateStore implements StateStore {
        static final class Died extends RuntimeException {
            Died(int commit) {
                super("died during commit #" + commit);
            }
        }

        private final InMemoryStateStore store = new InMemoryStateStore();
        private final Set<Integer> dying;
        private int commits;

        DyingStateStore(Set<Integer> dying) {
            this.dying = Set.copyOf(dying);
        }

        @Override
        public Optional<byte[]> get(String key) {
            return store.get(key);
        }

        @Override
        public List<StateEntry> scan(String prefix, String afterKey, int limit) {
            return store.scan(prefix, afterKey, limit);
        }

        @Override
        public synchronized void commit(List<StateWrite> writes) {
            if (dying.contains(++commits)) {
                throw new Died(commits);
            }
            store.commit(writes);
        }

        @Override
        public void close() {
            store.close();
        }
    }
}

package dev.chorus.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.testkit.MutableClock;
import dev.chorus.testkit.StoreFixture;
import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Random conversations, with correlation ids that nest, hold slashes, percent signs, non-ASCII text or run
 * long, and causes that are earlier events, the event itself, or ids the log never saw: the index, kept in
 * several catch-ups, always gives the log scan's graph, and the graph's edges are exactly its causations
 * that point at one of its own events.
 */
class LineagePropertiesTest {
    private static final Gen<String> CORRELATIONS = Gen.oneOf("a", "a/b", "a%2Fb", "#a", "注文/1", "x".repeat(300),
            "x".repeat(300) + "y");

    /** One event to append: its conversation, and which earlier event caused it (-1: itself, -2: outside). */
    record Step(String correlationId, int cause, int pauseAfter) {}

    @Test
    void the_index_and_the_log_scan_agree_and_edges_follow_causation() {
        var steps = Gen.combine(CORRELATIONS, Gen.ints(-2, 30), (c, cause) -> new Step(c, cause, 0))
                .flatMap(step -> Gen.ints(0, 4).map(pause -> new Step(step.correlationId(), step.cause(), pause)))
                .list(1, 40);
        PropertyCheck.forAll(200, steps, this::check);
    }

    private void check(List<Step> steps) {
        var clock = MutableClock.at(StoreFixture.START);
        try (var log = new InMemoryEventStore(clock, StoreLimits.DEFAULT); var state = new InMemoryStateStore()) {
            var ids = new ArrayList<String>();
            for (int i = 0; i < steps.size(); i++) {
                var step = steps.get(i);
                String id = "evt-" + i;
                String cause = step.cause() == -1 || ids.isEmpty() ? id
                        : step.cause() == -2 ? "command-" + i : ids.get(step.cause() % ids.size());
                log.append("s-" + (i % 3), ExpectedVersion.any(), new NewEvent(EventType.of("Happened", 1),
                        new byte[0], Map.of(Metadata.EVENT_ID, id, Metadata.CORRELATION_ID, step.correlationId(),
                                Metadata.CAUSATION_ID, cause)));
                ids.add(id);
                clock.advance(Duration.ofMillis(step.pauseAfter()));
                if (step.pauseAfter() == 0) {
                    // The index catches up at random points, and is reopened from its checkpoint each time.
                    LineageIndex.open(log, state).catchUp();
                }
            }
            LineageIndex.open(log, state).catchUp();

            var all = StoreFixture.everything(log);
            for (var correlationId : new HashSet<>(steps.stream().map(Step::correlationId).toList())) {
                var scanned = Lineage.scan(log, correlationId);
                assertThat(Lineage.indexed(state, correlationId)).as(correlationId).isEqualTo(scanned);

                var mine = all.stream().filter(e -> e.correlationId().equals(correlationId)).toList();
                assertThat(scanned.nodes()).extracting(LineageNode::position)
                        .containsExactlyElementsOf(mine.stream().map(e -> e.position()).toList());
                var idsHere = new HashSet<String>();
                mine.forEach(e -> idsHere.add(e.eventId()));
                var expected = new ArrayList<LineageEdge>();
                for (var e : mine) {
                    if (!e.causationId().equals(e.eventId()) && idsHere.contains(e.causationId())) {
                        expected.add(new LineageEdge(e.causationId(), e.eventId()));
                    }
                }
                assertThat(scanned.edges()).containsExactlyElementsOf(expected);
                var effects = new HashMap<String, Integer>();
                expected.forEach(edge -> effects.merge(edge.effectId(), 1, Integer::sum));
                assertThat(scanned.roots()).allSatisfy(root -> assertThat(effects).doesNotContainKey(root.eventId()));
            }
        }
    }
}

package dev.chorus.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LineageGraphTest {
    private static final Instant AT = Instant.parse("2026-01-15T09:30:00Z");

    private static LineageNode node(long position, String id, String cause) {
        return new LineageNode(id, EventType.of("E" + position, 1), "s", position, AT.plusSeconds(position), cause);
    }

    @Nested
    class Built_from_nodes {
        @Test
        void orders_the_nodes_by_position_and_draws_an_edge_for_each_cause_inside_the_graph() {
            var graph = LineageGraph.of("c", List.of(node(2, "b", "a"), node(0, "a", "a"), node(5, "c", "outside")));

            assertThat(graph.nodes()).extracting(LineageNode::position).containsExactly(0L, 2L, 5L);
            assertThat(graph.edges()).containsExactly(new LineageEdge("a", "b"));
            assertThat(graph.roots()).extracting(LineageNode::eventId).containsExactly("a", "c");
        }

        @Test
        void an_effect_recorded_before_its_cause_still_gets_its_edge() {
            var graph = LineageGraph.of("c", List.of(node(0, "b", "a"), node(1, "a", "a")));

            assertThat(graph.edges()).containsExactly(new LineageEdge("a", "b"));
        }

        @Test
        void an_empty_graph_has_no_roots() {
            var graph = LineageGraph.of("c", List.of());

            assertThat(graph.isEmpty()).isTrue();
            assertThat(graph.roots()).isEmpty();
            assertThat(graph.render()).isEqualTo("correlation c\n");
        }
    }

    @Nested
    class Walking {
        private final LineageGraph graph = LineageGraph.of("c", List.of(node(0, "a", "a"), node(1, "b", "a"),
                node(2, "c", "b"), node(3, "d", "a")));

        @Test
        void effects_of_an_event_are_what_it_caused_directly() {
            assertThat(graph.effectsOf("a")).extracting(LineageNode::eventId).containsExactly("b", "d");
            assertThat(graph.effectsOf("c")).isEmpty();
        }

        @Test
        void the_chain_to_an_event_runs_from_its_root_down() {
            assertThat(graph.chainTo("c")).extracting(LineageNode::eventId).containsExactly("a", "b", "c");
            assertThat(graph.chainTo("nope")).isEmpty();
        }

        @Test
        void a_causation_cycle_made_by_hand_does_not_loop_forever() {
            var cycle = LineageGraph.of("c", List.of(node(0, "a", "b"), node(1, "b", "a")));

            assertThat(cycle.chainTo("a")).extracting(LineageNode::eventId).containsExactly("b", "a");
            assertThat(cycle.roots()).isEmpty();
        }

        @Test
        void renders_effects_indented_below_their_cause() {
            assertThat(graph.render()).isEqualTo("""
                    correlation c
                      #0 s E0/v1 (a)
                        #1 s E1/v1 (b)
                          #2 s E2/v1 (c)
                        #3 s E3/v1 (d)
                    """);
        }

        @Test
        void looks_an_id_up_at_its_first_copy() {
            var copies = LineageGraph.of("c", List.of(node(0, "a", "a"), node(1, "b", "a"), node(2, "b", "a")));

            assertThat(copies.node("b")).map(LineageNode::position).contains(1L);
            assertThat(copies.edges()).hasSize(2);
        }
    }
}

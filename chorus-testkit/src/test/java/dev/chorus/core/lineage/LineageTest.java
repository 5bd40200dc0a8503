package dev.chorus.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.saga.SagaRunner;
import dev.chorus.core.saga.shop.OrderFulfilment;
import dev.chorus.core.saga.shop.Shop;
import dev.chorus.core.saga.shop.ShopServices.Payment;
import dev.chorus.core.state.Checkpoints;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LineageTest {
    private final Shop shop = new Shop();

    @AfterEach
    void close_the_shop() {
        shop.close();
    }

    /** Four orders run to their end by the fulfilment saga: paid, declined, out of stock, timed out. */
    private void runTheShop() {
        shop.services.payment("o-2", Payment.DECLINE).outOfStock("o-3").payment("o-4", Payment.NO_ANSWER);
        for (var order : List.of("o-1", "o-2", "o-3", "o-4")) {
            shop.place(order, 100);
        }
        shop.runner.catchUp();
        shop.clock.advance(OrderFulfilment.PAYMENT_WINDOW);
        shop.runner.fireDueTimeouts();
        shop.runner.catchUp();
    }

    private static List<String> types(List<LineageNode> nodes) {
        return nodes.stream().map(node -> node.type().name()).toList();
    }

    private LineageEdge edge(String causeType, String effectType, String correlationId) {
        return new LineageEdge(shop.only(causeType, correlationId).eventId(), shop.only(effectType, correlationId).eventId());
    }

    @Nested
    class A_conversations_graph {
        @Test
        void of_a_confirmed_order_is_the_chain_from_the_order_to_its_confirmation() {
            runTheShop();

            var graph = Lineage.scan(shop.log, "o-1");

            assertThat(types(graph.nodes())).containsExactly("OrderPlaced", "StockReserved", "PaymentAuthorized",
                    "OrderConfirmed");
            assertThat(graph.edges()).containsExactly(edge("OrderPlaced", "StockReserved", "o-1"),
                    edge("StockReserved", "PaymentAuthorized", "o-1"), edge("PaymentAuthorized", "OrderConfirmed", "o-1"));
            assertThat(types(graph.roots())).containsExactly("OrderPlaced");
            assertThat(types(graph.chainTo(shop.only("OrderConfirmed", "o-1").eventId())))
                    .containsExactly("OrderPlaced", "StockReserved", "PaymentAuthorized", "OrderConfirmed");
        }

        @Test
        void of_a_timed_out_order_branches_from_the_fired_timeout_into_its_compensation() {
            runTheShop();

            var graph = Lineage.scan(shop.log, "o-4");

            String fired = SagaRunner.TIMEOUT_FIRED.name();
            assertThat(types(graph.nodes())).containsExactly("OrderPlaced", "StockReserved", fired, "PaymentTimedOut",
                    "StockReleased", "OrderCancelled");
            assertThat(graph.edges()).containsExactlyInAnyOrder(edge("OrderPlaced", "StockReserved", "o-4"),
                    edge("OrderPlaced", fired, "o-4"), edge(fired, "PaymentTimedOut", "o-4"),
                    edge(fired, "StockReleased", "o-4"), edge(fired, "OrderCancelled", "o-4"));
            assertThat(types(graph.effectsOf(shop.only(fired, "o-4").eventId())))
                    .containsExactly("PaymentTimedOut", "StockReleased", "OrderCancelled");
        }

        @Test
        void has_each_node_where_the_log_has_its_event() {
            runTheShop();

            var graph = Lineage.scan(shop.log, "o-2");

            for (var node : graph.nodes()) {
                var event = shop.log.readAll(node.position(), 1).getFirst();
                assertThat(node).isEqualTo(LineageNode.of(event));
                assertThat(node.recordedAt()).isEqualTo(event.recordedAt());
            }
            assertThat(types(graph.nodes())).containsExactly("OrderPlaced", "StockReserved", "PaymentFailed",
                    "StockReleased", "OrderCancelled");
        }

        @Test
        void holds_no_event_of_another_conversation() {
            runTheShop();

            var graph = Lineage.scan(shop.log, "o-3");

            assertThat(graph.nodes()).allSatisfy(node -> assertThat(shop.log.readAll(node.position(), 1).getFirst()
                    .correlationId()).isEqualTo("o-3"));
            assertThat(types(graph.nodes())).containsExactly("OrderPlaced", "StockReservationFailed", "OrderCancelled");
        }

        @Test
        void of_an_unknown_correlation_is_empty() {
            runTheShop();

            assertThat(Lineage.scan(shop.log, "o-404").isEmpty()).isTrue();
        }

        @Test
        void renders_as_a_tree_of_causes_and_effects() {
            runTheShop();

            var text = Lineage.scan(shop.log, "o-1").render();

            assertThat(text.lines().map(String::stripTrailing).toList()).hasSize(5).satisfies(lines -> {
                assertThat(lines.get(0)).isEqualTo("correlation o-1");
                assertThat(lines.get(1)).startsWith("  #0 order-o-1 OrderPlaced/v1");
                assertThat(lines.get(2)).startsWith("    #").contains("StockReserved");
                assertThat(lines.get(4)).startsWith("        #").contains("OrderConfirmed");
            });
        }
    }

    @Nested
    class The_index {
        @Test
        void gives_the_same_graph_as_the_log_for_every_conversation() {
            runTheShop();
            var index = LineageIndex.open(shop.log, shop.state);

            int indexed = index.catchUp();

            assertThat(indexed).isEqualTo((int) shop.log.headPosition());
            for (var order : List.of("o-1", "o-2", "o-3", "o-4", "o-404")) {
                assertThat(index.graph(order)).as(order).isEqualTo(Lineage.scan(shop.log, order));
            }
            assertThat(Checkpoints.load(shop.state, LineageIndex.CHECKPOINT)).isEqualTo(shop.log.headPosition());
        }

        @Test
        void follows_the_log_live_once_started() throws Exception {
            try (var index = LineageIndex.open(shop.log, shop.state).start()) {
                runTheShop();

                assertThat(index.awaitPosition(shop.log.headPosition(), Duration.ofSeconds(10))).isTrue();
                assertThat(index.graph("o-4")).isEqualTo(Lineage.scan(shop.log, "o-4"));
                assertThat(index.completion()).isNotDone();
            }
        }

        @Test
        void reopened_goes_on_from_its_checkpoint_without_indexing_anything_twice() {
            shop.place("o-1", 100);
            shop.runner.catchUp();
            LineageIndex.open(shop.log, shop.state).catchUp();
            long indexedBefore = shop.log.headPosition();
            shop.place("o-2", 100);
            shop.runner.catchUp();

            var reopened = LineageIndex.open(shop.log, shop.state);

            assertThat(reopened.position()).isEqualTo(indexedBefore);
            assertThat(reopened.catchUp()).isEqualTo((int) (shop.log.headPosition() - indexedBefore));
            assertThat(reopened.graph("o-1")).isEqualTo(Lineage.scan(shop.log, "o-1"));
            assertThat(reopened.graph("o-2")).isEqualTo(Lineage.scan(shop.log, "o-2"));
        }

        @Test
        void whose_checkpoint_is_beyond_the_logs_head_resumes_at_the_head_and_indexes_what_comes_after() {
            shop.place("o-1", 100);
            shop.runner.catchUp();
            // the log lost a tail the index had passed (a repair): its checkpoint is beyond the head
            shop.state.commit(List.of(Checkpoints.save(LineageIndex.CHECKPOINT, shop.log.headPosition() + 50)));

            var reopened = LineageIndex.open(shop.log, shop.state);
            shop.place("o-2", 100);
            shop.runner.catchUp();
            reopened.catchUp();

            assertThat(reopened.graph("o-2")).isEqualTo(Lineage.scan(shop.log, "o-2"));
            assertThat(reopened.graph("o-2").nodes()).isNotEmpty();
            assertThat(Checkpoints.load(shop.state, LineageIndex.CHECKPOINT)).isEqualTo(shop.log.headPosition());
        }

        @Test
        void keeps_a_correlation_apart_from_one_that_extends_it_past_a_slash() {
            var root = shop.append("order-a", MessageContext.correlatedBy("a"), new dev.chorus.core.saga.shop.ShopEvent.StockReserved("a"));
            shop.append("order-ab", MessageContext.correlatedBy("a/b"), new dev.chorus.core.saga.shop.ShopEvent.StockReserved("ab"));
            var index = LineageIndex.open(shop.log, shop.state);
            index.catchUp();

            assertThat(index.graph("a").nodes()).extracting(LineageNode::position).containsExactly(root.firstPosition());
            assertThat(index.graph("a/b").nodes()).hasSize(1);
            assertThat(index.graph("a")).isEqualTo(Lineage.scan(shop.log, "a"));
        }

        @Test
        void shows_a_copy_appended_twice_under_one_id_as_two_nodes_with_the_edges_from_the_first() {
            var placed = shop.place("o-1", 100).firstPosition();
            var cause = shop.log.readAll(placed, 1).getFirst();
            var effect = Map.of(Metadata.EVENT_ID, "0190a0b0-0000-7000-8000-000000000001",
                    Metadata.CORRELATION_ID, "o-1", Metadata.CAUSATION_ID, cause.eventId());
            for (int copy = 0; copy < 2; copy++) {
                shop.log.append("stock-o-1", ExpectedVersion.any(),
                        new NewEvent(EventType.of("StockReserved", 1), "o-1".getBytes(), effect));
            }
            var index = LineageIndex.open(shop.log, shop.state);
            index.catchUp();

            var graph = index.graph("o-1");

            assertThat(graph).isEqualTo(Lineage.scan(shop.log, "o-1"));
            assertThat(graph.nodes()).hasSize(3);
            assertThat(graph.edges()).containsExactly(
                    new LineageEdge(cause.eventId(), "0190a0b0-0000-7000-8000-000000000001"),
                    new LineageEdge(cause.eventId(), "0190a0b0-0000-7000-8000-000000000001"));
            assertThat(graph.roots()).extracting(LineageNode::position).containsExactly(placed);
        }
    }


}

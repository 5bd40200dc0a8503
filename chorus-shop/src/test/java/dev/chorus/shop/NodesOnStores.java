package dev.chorus.shop;

import dev.chorus.core.EventImporter;
import dev.chorus.core.ImportedEvent;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.Subscription;
import dev.chorus.core.handler.Handlers;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.shop.contracts.ServiceRuntime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every role of the distributed shop in this JVM, each on its own store, with each store's own facts copied into
 * the stores of the roles that import them: the shape {@code chorus run} gives the shop, with the copying that
 * Kafka does there done here by a subscription per store, so the request protocol can be tested in milliseconds.
 */
final class NodesOnStores implements AutoCloseable {
    record Node(InMemoryEventStore events, InMemoryStateStore state, Handlers handlers, ShopNode node) {}

    private final Map<ShopRole, Node> nodes = new EnumMap<>(ShopRole.class);
    private final List<Subscription> wires = new ArrayList<>();

    NodesOnStores(Set<ShopRole> roles, Duration answerTimeout) {
        for (var role : roles) {
            var events = new InMemoryEventStore();
            var state = new InMemoryStateStore();
            var handlers = Handlers.create(events, state, c -> { });
            var runtime = new ServiceRuntime(events, state, handlers, Clock.systemUTC(), Duration.ofSeconds(10));
            nodes.put(role, new Node(events, state, handlers, ShopNode.start(role, runtime, answerTimeout)));
        }
        nodes.forEach((role, node) -> wires.add(node.events().subscribe(0, event -> relay(role, event))));
    }

    /** What a relay and the inboxes do: a role's own facts go to every role that imports them, once. */
    private void relay(ShopRole from, RecordedEvent event) {
        if (event.metadata().containsKey(EventImporter.IMPORTED_FROM)) {
            return;
        }
        nodes.forEach((to, node) -> {
            if (to.imports().contains(from) && to.accepts(event.type())) {
                var metadata = new HashMap<>(event.metadata());
                metadata.put(EventImporter.IMPORTED_FROM, "chorus." + from.id());
                node.events().importEvents(List.of(new ImportedEvent(event.streamId(),
                        new NewEvent(event.type(), event.data(), metadata))));
            }
        });
    }

    Node node(ShopRole role) {
        return nodes.get(role);
    }

    ShopGateway gateway() {
        return nodes.get(ShopRole.API).node().gateway().orElseThrow();
    }

    @Override
    public void close() {
        wires.forEach(Subscription::close);
        nodes.values().forEach(node -> {
            node.node().close();
            node.handlers().close();
            node.state().close();
            node.events().close();
        });
    }
}

package dev.chorus.core.handler;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.RecordedEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A handler whose failures are scripted per order id. On success it counts the order in its state
 * ({@code count/<orderId>}), remembers the position it handled, and, for a placed order, requests a
 * shipment on stream {@code shipping-<orderId>}.
 */
final class ScriptedHandler implements EventHandler<ShopEvent> {
    /** One handled event, as the handler saw it. */
    record Seen(String orderId, long position, int attempt) {}

    private final Map<String, Deque<Exception>> failures = new HashMap<>();
    private final Map<Long, Deque<Exception>> failuresAt = new HashMap<>();
    private final List<Seen> calls = new ArrayList<>();
    private final List<Seen> successes = new ArrayList<>();

    /** The next attempts at {@code orderId}'s events throw these, in order; later ones succeed. */
    synchronized ScriptedHandler failing(String orderId, Exception... errors) {
        failures.computeIfAbsent(orderId, id -> new ArrayDeque<>()).addAll(List.of(errors));
        return this;
    }

    /** The next attempts at the event at {@code position} throw these, in order; later ones succeed. */
    synchronized ScriptedHandler failingAt(long position, Exception... errors) {
        failuresAt.computeIfAbsent(position, p -> new ArrayDeque<>()).addAll(List.of(errors));
        return this;
    }

    /** Every attempt at {@code orderId} throws, until {@link #healed}. */
    synchronized ScriptedHandler alwaysFailing(String orderId) {
        var errors = new Exception[100];
        java.util.Arrays.fill(errors, new IllegalStateException("order " + orderId + " is broken"));
        return failing(orderId, errors);
    }

    synchronized ScriptedHandler healed(String orderId) {
        failures.remove(orderId);
        return this;
    }

    @Override
    public void handle(ShopEvent event, HandlerContext context) throws Exception {
        if (event instanceof ShopEvent.ShipmentRequested) {
            return; // its own output, which it sees on the log like everyone else
        }
        RecordedEvent stored = context.event();
        var seen = new Seen(event.orderId(), stored.position(), context.attempt());
        Exception error;
        synchronized (this) {
            calls.add(seen);
            var atPosition = failuresAt.get(stored.position());
            var forOrder = failures.get(event.orderId());
            error = atPosition != null && !atPosition.isEmpty() ? atPosition.poll()
                    : forOrder == null ? null : forOrder.poll();
        }
        if (error != null) {
            throw error;
        }
        var state = context.state();
        int count = state.get("count/" + event.orderId()).map(b -> Integer.parseInt(text(b))).orElse(0);
        state.put("count/" + event.orderId(), bytes(Integer.toString(count + 1)));
        if (event instanceof ShopEvent.OrderPlaced placed) {
            context.append("shipping-" + placed.orderId(), ExpectedVersion.any(), new ShopCodec(),
                    List.of(new ShopEvent.ShipmentRequested(placed.orderId())));
        }
        synchronized (this) {
            successes.add(seen);
        }
    }

    synchronized List<Seen> calls() {
        return List.copyOf(calls);
    }

    synchronized List<Seen> successes() {
        return List.copyOf(successes);
    }

    /** Positions handled successfully, in the order the handler handled them. */
    synchronized List<Long> handledPositions() {
        return successes.stream().map(Seen::position).toList();
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

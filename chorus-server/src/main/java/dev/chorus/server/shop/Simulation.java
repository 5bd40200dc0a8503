package dev.chorus.server.shop;

import dev.chorus.core.ValidationError;
import dev.chorus.shop.ShopServices;
import dev.chorus.shop.contracts.OrderLine;
import dev.chorus.shop.orders.OrderStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A bounded stream of shop traffic for the demo, so that a newcomer sees the choreography work: a few customers
 * with different credit, a few SKUs (one scarce), then {@code orders} orders drawn from a seeded random mix that
 * ends in every outcome: shipped, cancelled for want of credit, cancelled for want of stock.
 */
public final class Simulation {
    public static final int MAX_ORDERS = 1_000;
    private static final Duration OUTCOME_WAIT = Duration.ofSeconds(30);

    /** How the simulated orders ended. */
    public record Report(List<String> orderIds, Map<OrderStatus, Integer> outcomes) {
        public Report {
            orderIds = List.copyOf(orderIds);
            outcomes = Map.copyOf(outcomes);
        }

        public int count(OrderStatus status) {
            return outcomes.getOrDefault(status, 0);
        }
    }

    private Simulation() {}

    /**
     * Runs {@code orders} orders through {@code shop}, one after another, each waited for until it ends (shipped or
     * cancelled, at most 30 s each).
     */
    public static Report run(ShopServices shop, int orders, long seed) throws InterruptedException {
        if (orders < 1 || orders > MAX_ORDERS) {
            throw new ValidationError("orders", "a simulation places 1 to " + MAX_ORDERS + " orders; got " + orders);
        }
        var random = new SplittableRandom(seed);
        // Credit for a few orders, and almost none: the second customer's orders fail on payment.
        String wealthy = shop.registerCustomer("Ada Lovelace", "ada@example.org", "12 St James's Square, London",
                100_000_000).customerId();
        String frugal = shop.registerCustomer("Charles Babbage", "charles@example.org", "1 Dorset Street, London",
                1_000).customerId();
        shop.addStock("sku-gear", 10_000);
        shop.addStock("sku-punch-card", 10_000);
        shop.addStock("sku-brass-column", 2);

        var ids = new ArrayList<String>();
        var outcomes = new EnumMap<OrderStatus, Integer>(OrderStatus.class);
        for (int i = 0; i < orders; i++) {
            int kind = i % 3 == 1 ? 1 : random.nextInt(10) < 8 ? 0 : 2;
            String customer = kind == 1 ? frugal : wealthy;
            var line = switch (kind) {
                case 0 -> new OrderLine(random.nextBoolean() ? "sku-gear" : "sku-punch-card", 1 + random.nextInt(5),
                        100 + random.nextInt(2_000));
                case 1 -> new OrderLine("sku-gear", 3, 5_000);
                default -> new OrderLine("sku-brass-column", 5, 90_000);
            };
            var placed = shop.placeOrder(customer, List.of(line));
            ids.add(placed.orderId());
            var done = shop.awaitOrder(placed.orderId(), EnumSet.of(OrderStatus.SHIPPED, OrderStatus.CANCELLED),
                    OUTCOME_WAIT);
            outcomes.merge(done.status(), 1, Integer::sum);
        }
        return new Report(ids, outcomes);
    }
}

package dev.chorus.shop.orders;

import dev.chorus.core.codec.Codec;
import dev.chorus.core.projection.Projection;
import dev.chorus.json.JsonCodec;
import dev.chorus.shop.contracts.CustomerEvent;
import dev.chorus.shop.contracts.CustomerEvent.CustomerAddressChanged;
import dev.chorus.shop.contracts.CustomerEvent.CustomerRegistered;
import dev.chorus.shop.contracts.OrderEvent;
import dev.chorus.shop.contracts.OrderEvent.OrderCancelled;
import dev.chorus.shop.contracts.OrderEvent.OrderConfirmed;
import dev.chorus.shop.contracts.OrderEvent.OrderPlaced;
import dev.chorus.shop.contracts.OrderEvent.OrderShipped;
import dev.chorus.shop.contracts.ShopCodecs;

/** The orders service's read models: its order view and its own replica of customers. */
public final class OrdersViews {
    public static final String ORDERS = "orders.view";
    public static final String CUSTOMERS = "orders.customer-replica";
    public static final Codec<OrderView> ORDER_ROW = JsonCodec.of(OrderView.class);
    public static final Codec<CustomerReplica> CUSTOMER_ROW = JsonCodec.of(CustomerReplica.class);

    private OrdersViews() {}

    public static String orderKey(String orderId) {
        return "order/" + orderId;
    }

    public static String customerKey(String customerId) {
        return "customer/" + customerId;
    }

    public static Projection<OrderEvent> orders() {
        return Projection.of(ORDERS, ShopCodecs.ORDERS, (event, source, model) -> {
            String key = orderKey(event.orderId());
            switch (event) {
                case OrderPlaced p -> model.put(key, new OrderView(p.orderId(), source.streamId(), p.customerId(),
                        OrderStatus.PENDING, p.total(), p.shippingAddress(), ""), ORDER_ROW);
                case OrderConfirmed c -> model.get(key, ORDER_ROW).ifPresent(row ->
                        model.put(key, row.with(OrderStatus.CONFIRMED, ""), ORDER_ROW));
                case OrderCancelled c -> model.get(key, ORDER_ROW).ifPresent(row ->
                        model.put(key, row.with(OrderStatus.CANCELLED, c.reason()), ORDER_ROW));
                case OrderShipped s -> model.get(key, ORDER_ROW).ifPresent(row ->
                        model.put(key, row.with(OrderStatus.SHIPPED, ""), ORDER_ROW));
            }
        });
    }

    /** Event-carried state: the replica follows customer facts, so placing an order asks no other service. */
    public static Projection<CustomerEvent> customerReplica() {
        return Projection.of(CUSTOMERS, ShopCodecs.CUSTOMERS, (event, source, model) -> {
            String key = customerKey(event.customerId());
            switch (event) {
                case CustomerRegistered r -> model.put(key,
                        new CustomerReplica(r.customerId(), r.name(), r.email(), r.address()), CUSTOMER_ROW);
                case CustomerAddressChanged changed -> model.get(key, CUSTOMER_ROW).ifPresent(row -> model.put(key,
                        new CustomerReplica(row.customerId(), row.name(), row.email(), changed.address()),
                        CUSTOMER_ROW));
            }
        });
    }
}

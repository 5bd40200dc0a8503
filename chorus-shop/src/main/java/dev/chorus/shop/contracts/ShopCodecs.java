package dev.chorus.shop.contracts;

import dev.chorus.json.JsonEventCodec;
import dev.chorus.shop.contracts.CustomerEvent.CustomerAddressChanged;
import dev.chorus.shop.contracts.CustomerEvent.CustomerRegistered;
import dev.chorus.shop.contracts.InventoryEvent.StockAdded;
import dev.chorus.shop.contracts.InventoryEvent.StockReleased;
import dev.chorus.shop.contracts.InventoryEvent.StockReservationFailed;
import dev.chorus.shop.contracts.InventoryEvent.StockReserved;
import dev.chorus.shop.contracts.OrderEvent.OrderCancelled;
import dev.chorus.shop.contracts.OrderEvent.OrderConfirmed;
import dev.chorus.shop.contracts.OrderEvent.OrderPlaced;
import dev.chorus.shop.contracts.OrderEvent.OrderShipped;
import dev.chorus.shop.contracts.PaymentEvent.CreditAccountOpened;
import dev.chorus.shop.contracts.PaymentEvent.CreditReleased;
import dev.chorus.shop.contracts.PaymentEvent.PaymentAuthorized;
import dev.chorus.shop.contracts.PaymentEvent.PaymentFailed;
import dev.chorus.shop.contracts.ShippingEvent.ShipmentScheduled;

/**
 * The registered type names: the contract. A name never changes once written; a changed record gets a new
 * version and an upcaster (see docs/json.md).
 */
public final class ShopCodecs {
    public static final JsonEventCodec<CustomerEvent> CUSTOMERS = JsonEventCodec.builder(CustomerEvent.class)
            .register(CustomerRegistered.class, "shop.customers.CustomerRegistered", 1)
            .register(CustomerAddressChanged.class, "shop.customers.CustomerAddressChanged", 1)
            .build();

    public static final JsonEventCodec<OrderEvent> ORDERS = JsonEventCodec.builder(OrderEvent.class)
            .register(OrderPlaced.class, "shop.orders.OrderPlaced", 1)
            .register(OrderConfirmed.class, "shop.orders.OrderConfirmed", 1)
            .register(OrderCancelled.class, "shop.orders.OrderCancelled", 1)
            .register(OrderShipped.class, "shop.orders.OrderShipped", 1)
            .build();

    public static final JsonEventCodec<InventoryEvent> INVENTORY = JsonEventCodec.builder(InventoryEvent.class)
            .register(StockAdded.class, "shop.inventory.StockAdded", 1)
            .register(StockReserved.class, "shop.inventory.StockReserved", 1)
            .register(StockReservationFailed.class, "shop.inventory.StockReservationFailed", 1)
            .register(StockReleased.class, "shop.inventory.StockReleased", 1)
            .build();

    public static final JsonEventCodec<PaymentEvent> PAYMENTS = JsonEventCodec.builder(PaymentEvent.class)
            .register(CreditAccountOpened.class, "shop.payments.CreditAccountOpened", 1)
            .register(PaymentAuthorized.class, "shop.payments.PaymentAuthorized", 1)
            .register(PaymentFailed.class, "shop.payments.PaymentFailed", 1)
            .register(CreditReleased.class, "shop.payments.CreditReleased", 1)
            .build();

    public static final JsonEventCodec<ShippingEvent> SHIPPING = JsonEventCodec.builder(ShippingEvent.class)
            .register(ShipmentScheduled.class, "shop.shipping.ShipmentScheduled", 1)
            .build();

    /** Every shop fact, for reactions and read models that follow several services. */
    public static final JsonEventCodec<ShopEvent> ALL = JsonEventCodec.builder(ShopEvent.class)
            .register(CustomerRegistered.class, "shop.customers.CustomerRegistered", 1)
            .register(CustomerAddressChanged.class, "shop.customers.CustomerAddressChanged", 1)
            .register(OrderPlaced.class, "shop.orders.OrderPlaced", 1)
            .register(OrderConfirmed.class, "shop.orders.OrderConfirmed", 1)
            .register(OrderCancelled.class, "shop.orders.OrderCancelled", 1)
            .register(OrderShipped.class, "shop.orders.OrderShipped", 1)
            .register(StockAdded.class, "shop.inventory.StockAdded", 1)
            .register(StockReserved.class, "shop.inventory.StockReserved", 1)
            .register(StockReservationFailed.class, "shop.inventory.StockReservationFailed", 1)
            .register(StockReleased.class, "shop.inventory.StockReleased", 1)
            .register(CreditAccountOpened.class, "shop.payments.CreditAccountOpened", 1)
            .register(PaymentAuthorized.class, "shop.payments.PaymentAuthorized", 1)
            .register(PaymentFailed.class, "shop.payments.PaymentFailed", 1)
            .register(CreditReleased.class, "shop.payments.CreditReleased", 1)
            .register(ShipmentScheduled.class, "shop.shipping.ShipmentScheduled", 1)
            .build();

    private ShopCodecs() {}
}

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
import dev.chorus.core.EventType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The registered type names: the contract. A name never changes once written; a changed record gets a new
 * version and an upcaster (see docs/json.md).
 */
public final class ShopCodecs {
    /** Every fact's record and its type name (all at version 1): the contract, in one place. */
    private static final Map<Class<? extends ShopEvent>, String> NAMES = names();
    private static final Map<Class<? extends ShopRequest>, String> REQUEST_NAMES = requestNames();

    public static final JsonEventCodec<CustomerEvent> CUSTOMERS = family(CustomerEvent.class);
    public static final JsonEventCodec<OrderEvent> ORDERS = family(OrderEvent.class);
    public static final JsonEventCodec<InventoryEvent> INVENTORY = family(InventoryEvent.class);
    public static final JsonEventCodec<PaymentEvent> PAYMENTS = family(PaymentEvent.class);
    public static final JsonEventCodec<ShippingEvent> SHIPPING = family(ShippingEvent.class);

    /** Every shop fact, for readers that follow several services. */
    public static final JsonEventCodec<ShopEvent> ALL = family(ShopEvent.class);

    /** Requests and their outcomes, when the shop runs one process per service (see {@link ShopRequest}). */
    public static final JsonEventCodec<ShopRequest> REQUESTS = requests(ShopRequest.class);

    /** Only the requests: what the services carry out. */
    public static final JsonEventCodec<ShopRequest.Command> COMMANDS = requests(ShopRequest.Command.class);

    private ShopCodecs() {}

    private static Map<Class<? extends ShopEvent>, String> names() {
        var names = new LinkedHashMap<Class<? extends ShopEvent>, String>();
        names.put(CustomerRegistered.class, "shop.customers.CustomerRegistered");
        names.put(CustomerAddressChanged.class, "shop.customers.CustomerAddressChanged");
        names.put(OrderPlaced.class, "shop.orders.OrderPlaced");
        names.put(OrderConfirmed.class, "shop.orders.OrderConfirmed");
        names.put(OrderCancelled.class, "shop.orders.OrderCancelled");
        names.put(OrderShipped.class, "shop.orders.OrderShipped");
        names.put(StockAdded.class, "shop.inventory.StockAdded");
        names.put(StockReserved.class, "shop.inventory.StockReserved");
        names.put(StockReservationFailed.class, "shop.inventory.StockReservationFailed");
        names.put(StockReleased.class, "shop.inventory.StockReleased");
        names.put(CreditAccountOpened.class, "shop.payments.CreditAccountOpened");
        names.put(PaymentAuthorized.class, "shop.payments.PaymentAuthorized");
        names.put(PaymentFailed.class, "shop.payments.PaymentFailed");
        names.put(CreditReleased.class, "shop.payments.CreditReleased");
        names.put(ShipmentScheduled.class, "shop.shipping.ShipmentScheduled");
        return Collections.unmodifiableMap(names);
    }

    private static <E> JsonEventCodec<E> family(Class<E> base) {
        var builder = JsonEventCodec.builder(base);
        NAMES.forEach((type, name) -> {
            if (base.isAssignableFrom(type)) {
                builder.register(type.asSubclass(base), name, 1);
            }
        });
        return builder.build();
    }

    private static Map<Class<? extends ShopRequest>, String> requestNames() {
        var names = new LinkedHashMap<Class<? extends ShopRequest>, String>();
        names.put(ShopRequest.CustomerRegistrationRequested.class, "shop.requests.CustomerRegistrationRequested");
        names.put(ShopRequest.AddressChangeRequested.class, "shop.requests.AddressChangeRequested");
        names.put(ShopRequest.StockAdditionRequested.class, "shop.requests.StockAdditionRequested");
        names.put(ShopRequest.OrderPlacementRequested.class, "shop.requests.OrderPlacementRequested");
        names.put(ShopRequest.OrderCancellationRequested.class, "shop.requests.OrderCancellationRequested");
        names.put(ShopRequest.RequestAccepted.class, "shop.requests.RequestAccepted");
        names.put(ShopRequest.RequestRejected.class, "shop.requests.RequestRejected");
        return Collections.unmodifiableMap(names);
    }

    private static <R extends ShopRequest> JsonEventCodec<R> requests(Class<R> base) {
        var builder = JsonEventCodec.builder(base);
        REQUEST_NAMES.forEach((type, name) -> {
            if (base.isAssignableFrom(type)) {
                builder.register(type.asSubclass(base), name, 1);
            }
        });
        return builder.build();
    }

    /** As {@link #only}, for requests: what one service's request desk is handed. */
    @SafeVarargs
    public static JsonEventCodec<Object> requestsOnly(Class<? extends ShopRequest.Command>... types) {
        var builder = JsonEventCodec.builder(Object.class);
        for (var type : types) {
            builder.register(type, Objects.requireNonNull(REQUEST_NAMES.get(type), type.getName()), 1);
        }
        return builder.build();
    }

    /**
     * A codec that knows only {@code types}: a reaction registered with it is not even handed the facts it
     * ignores (the runner skips them and moves its checkpoint in bulk), instead of committing its checkpoint
     * once per shop fact.
     */
    @SafeVarargs
    public static JsonEventCodec<Object> only(Class<? extends ShopEvent>... types) {
        // Object, not ShopEvent: a codec for a sealed family must register all of it
        var builder = JsonEventCodec.builder(Object.class);
        for (var type : types) {
            builder.register(type, nameOf(type), 1);
        }
        return builder.build();
    }

    /** Every type the shop writes, facts and requests, each at its schema version. */
    public static List<EventType> allTypes() {
        var all = new ArrayList<EventType>();
        NAMES.values().forEach(name -> all.add(EventType.of(name, 1)));
        REQUEST_NAMES.values().forEach(name -> all.add(EventType.of(name, 1)));
        return List.copyOf(all);
    }

    public static String nameOf(Class<? extends ShopEvent> type) {
        var name = NAMES.get(type);
        if (name == null) {
            throw new IllegalArgumentException(type + " is not a registered shop fact");
        }
        return name;
    }
}

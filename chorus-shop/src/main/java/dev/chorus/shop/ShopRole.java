package dev.chorus.shop;

import dev.chorus.core.EventType;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.projection.ProjectionRegistry;
import dev.chorus.shop.contracts.ShopCodecs;
import dev.chorus.shop.contracts.ShopRequest;
import dev.chorus.shop.customers.CustomersView;
import dev.chorus.shop.inventory.InventoryService;
import dev.chorus.shop.inventory.InventoryView;
import dev.chorus.shop.orders.OrdersService;
import dev.chorus.shop.orders.OrdersViews;
import dev.chorus.shop.payments.CreditViews;
import dev.chorus.shop.payments.PaymentsService;
import dev.chorus.shop.shipping.ShippingService;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One process of the shop when it runs distributed: one of the five services, or the API gateway. Each publishes
 * its own facts and imports only the facts of the roles it reacts to, and of those only the types it reads.
 */
public enum ShopRole {
    CUSTOMERS(ShopCodecs.requestsOnly(ShopRequest.CustomerRegistrationRequested.class,
            ShopRequest.AddressChangeRequested.class)),
    ORDERS(ShopCodecs.requestsOnly(ShopRequest.OrderPlacementRequested.class,
            ShopRequest.OrderCancellationRequested.class), ShopCodecs.CUSTOMERS, OrdersService.REACTS_TO),
    INVENTORY(ShopCodecs.requestsOnly(ShopRequest.StockAdditionRequested.class), InventoryService.REACTS_TO),
    PAYMENTS(PaymentsService.REACTS_TO),
    SHIPPING(ShippingService.REACTS_TO),
    API(ShopCodecs.ALL, ShopCodecs.REQUESTS);

    private final List<EventCodec<?>> reads;

    ShopRole(EventCodec<?>... reads) {
        this.reads = List.of(reads);
    }

    /** The name on the command line and in topic names: {@code orders}, {@code api}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ShopRole> parse(String id) {
        for (var role : values()) {
            if (role.id().equals(id)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** Whether this role imports facts of {@code type}. */
    public boolean accepts(EventType type) {
        for (var codec : reads) {
            if (codec.canDecode(type)) {
                return true;
            }
        }
        return false;
    }

    /** The names of the types this role imports, for a filter that sees only names. */
    public Set<String> acceptedTypeNames() {
        var names = new java.util.TreeSet<String>();
        for (var type : ShopCodecs.allTypes()) {
            if (accepts(type)) {
                names.add(type.name());
            }
        }
        return Set.copyOf(names);
    }

    /**
     * Registers the projections this role's process runs on its own store: the read models of its service, or the
     * gateway's. The same names as in {@code chorus demo}'s one store, where each service's read model exists once.
     */
    public ProjectionRegistry registerProjections(ProjectionRegistry registry) {
        return switch (this) {
            case CUSTOMERS -> registry.register(CustomersView.projection());
            case ORDERS -> registry.register(OrdersViews.customerReplica()).register(OrdersViews.orders());
            case INVENTORY -> registry.register(InventoryView.projection());
            case PAYMENTS -> registry.register(CreditViews.projection());
            case SHIPPING -> registry.register(ShippingService.projection());
            case API -> registry.register(CustomersView.projection()).register(OrdersViews.orders())
                    .register(InventoryView.projection());
        };
    }

    /** The roles whose facts this one imports: the gateway reads every service; a service, the API and those it reacts to. */
    public Set<ShopRole> imports() {
        return switch (this) {
            case CUSTOMERS -> EnumSet.of(API);
            case ORDERS -> EnumSet.of(API, CUSTOMERS, INVENTORY, PAYMENTS, SHIPPING);
            case INVENTORY -> EnumSet.of(API, ORDERS, PAYMENTS);
            case PAYMENTS -> EnumSet.of(CUSTOMERS, INVENTORY, ORDERS);
            case SHIPPING -> EnumSet.of(ORDERS);
            case API -> EnumSet.of(CUSTOMERS, ORDERS, INVENTORY, PAYMENTS, SHIPPING);
        };
    }
}

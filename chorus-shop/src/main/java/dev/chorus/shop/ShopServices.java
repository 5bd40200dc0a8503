package dev.chorus.shop;

import dev.chorus.core.UuidV7;
import dev.chorus.core.decider.StreamState;
import dev.chorus.core.decider.TimeTravel;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.handler.HandlerConfig;
import dev.chorus.core.handler.Handlers;
import dev.chorus.core.lineage.LineageIndex;
import dev.chorus.core.projection.ProjectionRegistry;
import dev.chorus.core.projection.ProjectionStatus;
import dev.chorus.core.state.StateStore;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.log.state.StateStoreConfig;
import dev.chorus.shop.ShopConfig.ShopService;
import dev.chorus.shop.contracts.Bounds;
import dev.chorus.shop.contracts.OrderLine;
import dev.chorus.shop.contracts.ServiceRuntime;
import dev.chorus.shop.customers.CustomerCommand.ChangeAddress;
import dev.chorus.shop.customers.CustomerCommand.RegisterCustomer;
import dev.chorus.shop.customers.CustomerDecider;
import dev.chorus.shop.customers.CustomerView;
import dev.chorus.shop.customers.CustomersService;
import dev.chorus.shop.customers.CustomersView;
import dev.chorus.shop.inventory.InventoryService;
import dev.chorus.shop.inventory.InventoryView;
import dev.chorus.shop.inventory.StockView;
import dev.chorus.shop.inventory.WarehouseDecider;
import dev.chorus.shop.orders.OrderDecider;
import dev.chorus.shop.orders.OrderStatus;
import dev.chorus.shop.orders.OrderView;
import dev.chorus.shop.orders.OrdersService;
import dev.chorus.shop.orders.OrdersViews;
import dev.chorus.shop.orders.PlacedOrder;
import dev.chorus.shop.payments.CreditAccountDecider;
import dev.chorus.shop.payments.CreditView;
import dev.chorus.shop.payments.CreditViews;
import dev.chorus.shop.payments.PaymentsService;
import dev.chorus.shop.shipping.ShipmentDecider;
import dev.chorus.shop.shipping.ShipmentView;
import dev.chorus.shop.shipping.ShippingService;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The five services in one JVM on one embedded log and the state store beside it: what the HTTP API and
 * {@code chorus demo} call. Opening starts every configured service (projections resume from their
 * checkpoints, reactions from theirs); {@link #close()} stops them and closes the stores.
 */
public final class ShopServices implements Shop, AutoCloseable {
    private final ShopConfig config;
    private final EmbeddedLog log;
    private final EmbeddedStateStore state;
    private final DeadLetters deadLetters;
    private final Handlers handlers;
    private final LineageIndex lineage;
    private final CustomersService customers;
    private final OrdersService orders;
    private final InventoryService inventory;
    private final PaymentsService payments;
    private final ShippingService shipping;

    private ShopServices(ShopConfig config) {
        this.config = config;
        this.log = EmbeddedLog.open(LogConfig.of(config.dataDir(), c -> { }));
        EmbeddedStateStore opened;
        try {
            opened = EmbeddedStateStore.open(StateStoreConfig.besideLog(config.dataDir()));
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        this.state = opened;
        this.deadLetters = new DeadLetters(state, config.clock());
        this.handlers = new Handlers(log, state, deadLetters, HandlerConfig.of(c -> c.clock(config.clock())));
        this.lineage = LineageIndex.open(log, state);
        var runtime = new ServiceRuntime(log, state, handlers, config.clock(), config.readTimeout());
        this.customers = new CustomersService(runtime);
        this.orders = new OrdersService(runtime);
        this.inventory = new InventoryService(runtime);
        this.payments = new PaymentsService(runtime);
        this.shipping = new ShippingService(runtime);
    }

    /** Opens the stores in {@code config.dataDir()} and starts the configured services. */
    public static ShopServices start(ShopConfig config) {
        var shop = new ShopServices(config);
        try {
            shop.startServices(config.services());
            shop.lineage.start();
            return shop;
        } catch (RuntimeException e) {
            shop.close();
            throw e;
        }
    }

    private void startServices(Set<ShopService> services) {
        var wanted = services.isEmpty() ? EnumSet.noneOf(ShopService.class) : EnumSet.copyOf(services);
        for (var service : wanted) {
            switch (service) {
                case CUSTOMERS -> customers.start();
                case ORDERS -> orders.start();
                case INVENTORY -> inventory.start();
                case PAYMENTS -> payments.start();
                case SHIPPING -> shipping.start();
            }
        }
    }

    /**
     * Registers every shop projection, in the order the services start them: what {@code chorus projections}
     * needs to list, measure and rebuild them on a stopped shop's data directory.
     */
    public static ProjectionRegistry registerProjections(ProjectionRegistry registry) {
        return registry.register(CustomersView.projection())
                .register(OrdersViews.customerReplica())
                .register(OrdersViews.orders())
                .register(InventoryView.projection())
                .register(CreditViews.projection())
                .register(ShippingService.projection());
    }

    @Override
    public RegisteredCustomer registerCustomer(String name, String email, String address, long creditLimit) {
        String customerId = UuidV7.next(config.clock()).toString();
        var result = customers.register(new RegisterCustomer(customerId, name, email, address, creditLimit));
        return new RegisteredCustomer(customerId, result.position());
    }

    @Override
    public Optional<CustomerView> getCustomer(String customerId) {
        Bounds.id("customerId", customerId);
        return customers.get(customerId);
    }

    /** Returns the position of the change, or the customer's last position when the address is the same. */
    @Override
    public long changeAddress(String customerId, String address) {
        Bounds.id("customerId", customerId);
        return customers.changeAddress(new ChangeAddress(customerId, address)).position();
    }

    @Override
    public long addStock(String sku, int quantity) {
        return inventory.addStock(sku, quantity).position();
    }

    @Override
    public Optional<StockView> getStock(String sku) {
        Bounds.id("sku", sku);
        return inventory.get(sku);
    }

    @Override
    public PlacedOrder placeOrder(String customerId, List<OrderLine> lines) {
        return orders.place(customerId, lines);
    }

    @Override
    public long cancelOrder(String orderId, String reason) {
        Bounds.id("orderId", orderId);
        return orders.cancel(orderId, reason).position();
    }

    /**
     * The order as its read model knows it after catching up with the log (read-your-writes). Every id taken
     * here is checked first ({@link Bounds#id}): a malformed one is {@code InvalidValue}, not a missing row.
     */
    @Override
    public Optional<OrderView> getOrder(String orderId) {
        Bounds.id("orderId", orderId);
        return orders.get(orderId);
    }

    /**
     * Waits, at most {@code timeout}, for the order to reach one of {@code statuses}: the saga runs
     * asynchronously, so a caller that wants its outcome waits for it.
     *
     * @throws OrderWaitTimeout when the deadline passes first
     */
    public OrderView awaitOrder(String orderId, Set<OrderStatus> statuses, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var order = getOrder(orderId);
            if (order.isPresent() && statuses.contains(order.get().status())) {
                return order.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new OrderWaitTimeout(orderId, statuses.toString(),
                        order.map(o -> o.status().name()).orElse("nothing"));
            }
            Thread.sleep(2);
        }
    }

    public Optional<CreditView> credit(String customerId) {
        Bounds.id("customerId", customerId);
        return payments.credit(customerId);
    }

    public Optional<ShipmentView> shipmentOf(String orderId) {
        Bounds.id("orderId", orderId);
        return shipping.shipmentOf(orderId);
    }

    /**
     * Time travel over any shop stream, by its prefix: the decider state with the events at or before
     * {@code position}; empty for a stream no service owns.
     */
    public Optional<StreamState<?>> stateAt(String streamId, long position) {
        return timeTravel(streamId).map(travel -> travel.stateAt(streamId, position));
    }

    /** As {@link #stateAt(String, long)}, with the events recorded at or before {@code instant}. */
    public Optional<StreamState<?>> stateAt(String streamId, Instant instant) {
        return timeTravel(streamId).map(travel -> travel.stateAt(streamId, instant));
    }

    private Optional<TimeTravel<?, ?>> timeTravel(String streamId) {
        if (streamId.startsWith(OrderDecider.streamOf(""))) {
            return Optional.of(TimeTravel.over(log, OrdersService.BINDING));
        } else if (streamId.startsWith(CustomerDecider.streamOf(""))) {
            return Optional.of(TimeTravel.over(log, CustomersService.BINDING));
        } else if (streamId.startsWith(CreditAccountDecider.streamOf(""))) {
            return Optional.of(TimeTravel.over(log, PaymentsService.BINDING));
        } else if (streamId.startsWith(ShipmentDecider.streamOf(""))) {
            return Optional.of(TimeTravel.over(log, ShippingService.BINDING));
        } else if (streamId.equals(WarehouseDecider.STREAM)) {
            return Optional.of(TimeTravel.over(log, InventoryService.BINDING));
        }
        return Optional.empty();
    }

    public EmbeddedLog log() {
        return log;
    }

    public StateStore state() {
        return state;
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    public LineageIndex lineage() {
        return lineage;
    }

    @Override
    public List<ProjectionStatus> readModels() {
        return List.of(customers.view().status(), orders.view().status(), orders.customerReplica().status(),
                inventory.view().status(), payments.view().status(), shipping.view().status());
    }

    public CustomersService customers() {
        return customers;
    }

    public OrdersService orders() {
        return orders;
    }

    public InventoryService inventory() {
        return inventory;
    }

    public PaymentsService payments() {
        return payments;
    }

    public ShippingService shipping() {
        return shipping;
    }

    @Override
    public void close() {
        lineage.close();
        handlers.close();
        shipping.close();
        payments.close();
        inventory.close();
        orders.close();
        customers.close();
        state.close();
        log.close();
    }
}

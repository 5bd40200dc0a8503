package dev.chorus.shop.orders;

import dev.chorus.core.UuidV7;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.decider.CommandLoop;
import dev.chorus.core.decider.CommandResult;
import dev.chorus.core.decider.DeciderBinding;
import dev.chorus.core.handler.HandlerContext;
import dev.chorus.core.handler.HandlerRegistration;
import dev.chorus.core.handler.RunningHandler;
import dev.chorus.core.projection.ProjectionConfig;
import dev.chorus.core.projection.ProjectionRunner;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateWrite;
import dev.chorus.json.JsonEventCodec;
import dev.chorus.shop.contracts.Bounds;
import dev.chorus.shop.contracts.CustomerEvent;
import dev.chorus.shop.contracts.InventoryEvent.StockReservationFailed;
import dev.chorus.shop.contracts.NotFound;
import dev.chorus.shop.contracts.OrderEvent;
import dev.chorus.shop.contracts.OrderLine;
import dev.chorus.shop.contracts.PaymentEvent.PaymentAuthorized;
import dev.chorus.shop.contracts.PaymentEvent.PaymentFailed;
import dev.chorus.shop.contracts.ServiceRuntime;
import dev.chorus.shop.contracts.ShippingEvent.ShipmentScheduled;
import dev.chorus.shop.contracts.ShopCodecs;
import dev.chorus.shop.orders.OrderCommand.CancelOrder;
import dev.chorus.shop.orders.OrderCommand.ConfirmOrder;
import dev.chorus.shop.orders.OrderCommand.MarkShipped;
import dev.chorus.shop.orders.OrderCommand.PlaceOrder;
import java.util.List;
import java.util.Optional;

/** The orders service's wiring: the order command loop, its two read models and its reactions. */
public final class OrdersService implements AutoCloseable {
    /** Only the facts this service reacts to: the others never reach its handler. */
    public static final JsonEventCodec<Object> REACTS_TO = ShopCodecs.only(
            PaymentAuthorized.class, PaymentFailed.class, StockReservationFailed.class, ShipmentScheduled.class);
    /** The saga's outcomes for an order: confirm it, or cancel it with the reason. */
    public static final String REACTIONS = "orders.reactions";
    private static final JsonEventCodec<Object> OUTCOMES = ShopCodecs.only(
            PaymentAuthorized.class, PaymentFailed.class, StockReservationFailed.class);
    /**
     * Shipments, in a handler of their own: the orders service hears two facts per order, twice what any other
     * reaction hears, and one handler works through its events one at a time.
     */
    public static final String SHIPMENTS = "orders.shipments";
    private static final JsonEventCodec<Object> SHIPPED = ShopCodecs.only(ShipmentScheduled.class);
    public static final DeciderBinding<OrderCommand, Order, OrderEvent> BINDING = DeciderBinding.of(
            new OrderDecider(), ShopCodecs.ORDERS, command -> OrderDecider.streamOf(command.orderId()));

    private final ServiceRuntime runtime;
    private final CommandLoop<OrderCommand, Order, OrderEvent> commands;
    private final ProjectionRunner<OrderEvent> orders;
    private final ProjectionRunner<CustomerEvent> customers;
    private RunningHandler reactions;
    private RunningHandler shipments;

    public OrdersService(ServiceRuntime runtime) {
        this.runtime = runtime;
        // an order's stream is written by its placement and then by two or three reactions within moments
        this.commands = CommandLoop.create(runtime.events(), BINDING, c -> {
            c.clock = runtime.clock();
            c.stateCache = 4096;
        });
        this.orders = ProjectionRunner.create(runtime.events(), runtime.state(), OrdersViews.orders(),
                ProjectionConfig.DEFAULT);
        this.customers = ProjectionRunner.create(runtime.events(), runtime.state(), OrdersViews.customerReplica(),
                ProjectionConfig.DEFAULT);
    }

    public OrdersService start() {
        customers.start();
        orders.start();
        startShipmentsWhereReactionsStand();
        reactions = runtime.handlers().start(HandlerRegistration.of(REACTIONS, OUTCOMES, this::react).idempotent());
        shipments = runtime.handlers().start(HandlerRegistration.of(SHIPMENTS, SHIPPED, this::react).idempotent());
        return this;
    }

    /**
     * A data directory from before {@link #SHIPMENTS} existed had {@link #REACTIONS} handle shipments: the new
     * handler starts where that one stands instead of at the first event, so no shipment is handled twice (a
     * dead-lettered one then discarded would otherwise take effect after all).
     */
    private void startShipmentsWhereReactionsStand() {
        var state = runtime.state();
        if (state.get(Checkpoints.key("handler/" + SHIPMENTS)).isPresent()) {
            return;
        }
        state.get(Checkpoints.key("handler/" + REACTIONS)).ifPresent(reactionsAt ->
                state.commit(List.of(StateWrite.put(Checkpoints.key("handler/" + SHIPMENTS), reactionsAt))));
    }

    /**
     * Places an order for a customer the replica knows, with the replica's name, e-mail and address. An unknown
     * customer is refused with {@link NotFound} and nothing is written. The order id is the conversation's
     * correlation id.
     */
    public PlacedOrder place(String customerId, List<OrderLine> lines) {
        String orderId = UuidV7.next(runtime.clock()).toString();
        var result = place(orderId, customerId, lines, MessageContext.correlatedBy(orderId));
        return new PlacedOrder(orderId, result.position());
    }

    /** As {@link #place(String, List)}, under an order id chosen by the caller and in the caller's conversation. */
    public CommandResult<Order, OrderEvent> place(String orderId, String customerId, List<OrderLine> lines,
                                                  MessageContext context) {
        runtime.awaitCurrent(customers);
        return placeSeen(orderId, customerId, lines, context);
    }

    /**
     * As {@link #place(String, String, List, MessageContext)} for a request recorded at {@code requestPosition} of
     * this service's log: the customer replica needs to have seen what arrived before the request, not what arrived
     * since (in a busy store, waiting for the head meant waiting for events that have nothing to do with it).
     */
    public CommandResult<Order, OrderEvent> placeRequested(long requestPosition, String orderId, String customerId,
                                                           List<OrderLine> lines, MessageContext context) {
        if (requestPosition > 0) {
            runtime.awaitPosition(customers, requestPosition - 1);
        }
        return placeSeen(orderId, customerId, lines, context);
    }

    private CommandResult<Order, OrderEvent> placeSeen(String orderId, String customerId, List<OrderLine> lines,
                                                       MessageContext context) {
        Bounds.id("orderId", orderId);
        Bounds.id("customerId", customerId);
        Bounds.lines(lines);
        var customer = customers.view().get(OrdersViews.customerKey(customerId), OrdersViews.CUSTOMER_ROW)
                .orElseThrow(() -> new NotFound("customer", customerId));
        return commands.handle(new PlaceOrder(orderId, customerId, customer.name(), customer.email(),
                customer.address(), lines), context);
    }

    /** A customer's cancellation; refused once the order has shipped. */
    public CommandResult<Order, OrderEvent> cancel(String orderId, String reason) {
        return cancel(orderId, reason, MessageContext.correlatedBy(orderId));
    }

    public CommandResult<Order, OrderEvent> cancel(String orderId, String reason, MessageContext context) {
        return commands.handle(new CancelOrder(orderId, reason), context);
    }

    /** The order as the read model knows it, after it has caught up with the log (read-your-writes). */
    public Optional<OrderView> get(String orderId) {
        runtime.awaitCurrent(orders);
        return orders.view().get(OrdersViews.orderKey(orderId), OrdersViews.ORDER_ROW);
    }

    public ProjectionRunner<OrderEvent> view() {
        return orders;
    }

    public ProjectionRunner<CustomerEvent> customerReplica() {
        return customers;
    }

    public DeciderBinding<OrderCommand, Order, OrderEvent> binding() {
        return BINDING;
    }

    private void react(Object event, HandlerContext context) {
        var command = switch (event) {
            case PaymentAuthorized authorized -> Optional.<OrderCommand>of(new ConfirmOrder(authorized.orderId()));
            case PaymentFailed failed -> Optional.<OrderCommand>of(
                    new CancelOrder(failed.orderId(), "payment-failed: " + failed.reason()));
            case StockReservationFailed failed -> Optional.<OrderCommand>of(
                    new CancelOrder(failed.orderId(), "out-of-stock: " + failed.reason()));
            case ShipmentScheduled scheduled -> Optional.<OrderCommand>of(
                    new MarkShipped(scheduled.orderId(), scheduled.shipmentId()));
            default -> Optional.<OrderCommand>empty();
        };
        command.ifPresent(c -> commands.handle(c, context));
    }

    @Override
    public void close() {
        if (reactions != null) {
            reactions.close();
        }
        if (shipments != null) {
            shipments.close();
        }
        orders.close();
        customers.close();
    }
}

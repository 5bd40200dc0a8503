package dev.chorus.shop.inventory;

import dev.chorus.core.context.MessageContext;
import dev.chorus.core.decider.CommandLoop;
import dev.chorus.core.decider.CommandResult;
import dev.chorus.core.decider.DeciderBinding;
import dev.chorus.core.handler.HandlerContext;
import dev.chorus.core.handler.HandlerRegistration;
import dev.chorus.core.handler.RunningHandler;
import dev.chorus.core.projection.ProjectionConfig;
import dev.chorus.core.projection.ProjectionRunner;
import dev.chorus.json.JsonEventCodec;
import dev.chorus.shop.contracts.InventoryEvent;
import dev.chorus.shop.contracts.OrderEvent.OrderCancelled;
import dev.chorus.shop.contracts.OrderEvent.OrderPlaced;
import dev.chorus.shop.contracts.PaymentEvent.PaymentFailed;
import dev.chorus.shop.contracts.ServiceRuntime;
import dev.chorus.shop.contracts.ShopCodecs;
import dev.chorus.shop.inventory.InventoryCommand.AddStock;
import dev.chorus.shop.inventory.InventoryCommand.ReleaseStock;
import dev.chorus.shop.inventory.InventoryCommand.ReserveStock;
import java.util.Optional;

/** The inventory service's wiring: the warehouse command loop, the stock view and its reactions. */
public final class InventoryService implements AutoCloseable {
    /** Only the facts this service reacts to: the others never reach its handler. */
    public static final JsonEventCodec<Object> REACTS_TO = ShopCodecs.only(
            OrderPlaced.class, PaymentFailed.class, OrderCancelled.class);
    public static final String REACTIONS = "inventory.reactions";
    public static final DeciderBinding<InventoryCommand, Warehouse, InventoryEvent> BINDING = DeciderBinding.of(
            new WarehouseDecider(), ShopCodecs.INVENTORY, command -> WarehouseDecider.STREAM);

    private final ServiceRuntime runtime;
    private final CommandLoop<InventoryCommand, Warehouse, InventoryEvent> commands;
    private final ProjectionRunner<InventoryEvent> view;
    private RunningHandler reactions;

    public InventoryService(ServiceRuntime runtime) {
        this.runtime = runtime;
        // the warehouse is one hot stream: keep its state warm instead of folding it on every command
        this.commands = CommandLoop.create(runtime.events(), BINDING, c -> {
            c.clock = runtime.clock();
            c.stateCache = 1;
        });
        this.view = ProjectionRunner.create(runtime.events(), runtime.state(), InventoryView.projection(),
                ProjectionConfig.DEFAULT);
    }

    public InventoryService start() {
        view.start();
        reactions = runtime.handlers().start(
                HandlerRegistration.of(REACTIONS, REACTS_TO, this::react).idempotent());
        return this;
    }

    public CommandResult<Warehouse, InventoryEvent> addStock(String sku, int quantity) {
        return addStock(sku, quantity, MessageContext.root());
    }

    public CommandResult<Warehouse, InventoryEvent> addStock(String sku, int quantity, MessageContext context) {
        return commands.handle(new AddStock(sku, quantity), context);
    }

    /** The SKU's stock after the view has caught up with the log; empty for a SKU never stocked. */
    public Optional<StockView> get(String sku) {
        runtime.awaitCurrent(view);
        return view.view().get(InventoryView.key(sku), InventoryView.ROW);
    }

    public ProjectionRunner<InventoryEvent> view() {
        return view;
    }

    private void react(Object event, HandlerContext context) {
        var command = switch (event) {
            case OrderPlaced placed -> Optional.<InventoryCommand>of(
                    new ReserveStock(placed.orderId(), placed.customerId(), placed.total(), placed.lines()));
            case PaymentFailed failed -> Optional.<InventoryCommand>of(new ReleaseStock(failed.orderId()));
            case OrderCancelled cancelled -> Optional.<InventoryCommand>of(new ReleaseStock(cancelled.orderId()));
            default -> Optional.<InventoryCommand>empty();
        };
        command.ifPresent(c -> commands.handle(c, context));
    }

    @Override
    public void close() {
        if (reactions != null) {
            reactions.close();
        }
        view.close();
    }
}

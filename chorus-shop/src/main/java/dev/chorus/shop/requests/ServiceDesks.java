package dev.chorus.shop.requests;

import dev.chorus.core.EventStore;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.decider.CommandRejected;
import dev.chorus.core.decider.CommandResult;
import dev.chorus.core.handler.HandlerRegistration;
import dev.chorus.shop.contracts.NotFound;
import dev.chorus.shop.contracts.ShopRequest.AddressChangeRequested;
import dev.chorus.shop.contracts.ShopRequest.Command;
import dev.chorus.shop.contracts.ShopRequest.CustomerRegistrationRequested;
import dev.chorus.shop.contracts.ShopRequest.OrderCancellationRequested;
import dev.chorus.shop.contracts.ShopRequest.OrderPlacementRequested;
import dev.chorus.shop.contracts.ShopRequest.StockAdditionRequested;
import dev.chorus.shop.customers.CustomerCommand.ChangeAddress;
import dev.chorus.shop.customers.CustomerCommand.RegisterCustomer;
import dev.chorus.shop.customers.CustomerDecider;
import dev.chorus.shop.customers.CustomersService;
import dev.chorus.shop.inventory.InventoryService;
import dev.chorus.shop.inventory.WarehouseDecider;
import dev.chorus.shop.orders.OrderDecider;
import dev.chorus.shop.orders.OrdersService;

/** The request desk of each service that takes commands from outside: customers, inventory and orders. */
public final class ServiceDesks {
    private ServiceDesks() {}

    public static HandlerRegistration<Object> customers(CustomersService customers, EventStore events) {
        return RequestDesk.registration("customers", events, new RequestDesk.Executor() {
            @Override
            public CommandResult<?, ?> execute(Command command, MessageContext context, long requestPosition) {
                return switch (command) {
                    case CustomerRegistrationRequested r -> customers.register(new RegisterCustomer(r.customerId(),
                            r.name(), r.email(), r.address(), r.creditLimit()), context);
                    case AddressChangeRequested r -> customers.changeAddress(
                            new ChangeAddress(r.customerId(), r.address()), context);
                    default -> throw unexpected("customers", command);
                };
            }

            @Override
            public String targetStream(Command command) {
                return switch (command) {
                    case CustomerRegistrationRequested r -> CustomerDecider.streamOf(r.customerId());
                    case AddressChangeRequested r -> CustomerDecider.streamOf(r.customerId());
                    default -> throw unexpected("customers", command);
                };
            }
        }, CustomerRegistrationRequested.class, AddressChangeRequested.class);
    }

    public static HandlerRegistration<Object> inventory(InventoryService inventory, EventStore events) {
        return RequestDesk.registration("inventory", events, new RequestDesk.Executor() {
            @Override
            public CommandResult<?, ?> execute(Command command, MessageContext context, long requestPosition) {
                if (command instanceof StockAdditionRequested r) {
                    return inventory.addStock(r.sku(), r.quantity(), context);
                }
                throw unexpected("inventory", command);
            }

            @Override
            public String targetStream(Command command) {
                return WarehouseDecider.STREAM;
            }
        }, StockAdditionRequested.class);
    }

    public static HandlerRegistration<Object> orders(OrdersService orders, EventStore events) {
        return RequestDesk.registration("orders", events, new RequestDesk.Executor() {
            @Override
            public CommandResult<?, ?> execute(Command command, MessageContext context, long requestPosition) {
                return switch (command) {
                    case OrderPlacementRequested r -> orders.placeRequested(requestPosition, r.orderId(), r.customerId(),
                            r.lines(), context);
                    case OrderCancellationRequested r -> orders.cancel(r.orderId(), r.reason(), context);
                    default -> throw unexpected("orders", command);
                };
            }

            @Override
            public String targetStream(Command command) {
                return switch (command) {
                    case OrderPlacementRequested r -> OrderDecider.streamOf(r.orderId());
                    case OrderCancellationRequested r -> OrderDecider.streamOf(r.orderId());
                    default -> throw unexpected("orders", command);
                };
            }

            /** The customer may be registered already, its fact not yet arrived here from the customers' topic. */
            @Override
            public boolean mayResolveLater(CommandRejected rejected) {
                return rejected instanceof NotFound missing && missing.kind().equals("customer");
            }
        }, OrderPlacementRequested.class, OrderCancellationRequested.class);
    }

    private static IllegalStateException unexpected(String service, Command command) {
        return new IllegalStateException("the " + service + " desk was handed " + command.getClass().getSimpleName());
    }
}

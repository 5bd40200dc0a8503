package dev.chorus.shop;

import dev.chorus.core.handler.RunningHandler;
import dev.chorus.shop.contracts.ServiceRuntime;
import dev.chorus.shop.customers.CustomersService;
import dev.chorus.shop.inventory.InventoryService;
import dev.chorus.shop.orders.OrdersService;
import dev.chorus.shop.payments.PaymentsService;
import dev.chorus.shop.requests.ServiceDesks;
import dev.chorus.shop.shipping.ShippingService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One role of the distributed shop running on its own store: the service (its command loop, read models and
 * reactions, the same code as in {@code chorus demo}) and its request desk, or the API gateway. How facts reach
 * the store and leave it (a relay and an inbox over Kafka, say) is the caller's wiring.
 */
public final class ShopNode implements AutoCloseable {
    private final ShopRole role;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Optional<ShopGateway> gateway;

    private ShopNode(ShopRole role, Optional<ShopGateway> gateway) {
        this.role = role;
        this.gateway = gateway;
    }

    /** Starts {@code role} on {@code runtime}; the gateway waits at most {@code answerTimeout} for an outcome. */
    public static ShopNode start(ShopRole role, ServiceRuntime runtime, Duration answerTimeout) {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(runtime, "runtime");
        if (role == ShopRole.API) {
            var gateway = new ShopGateway(runtime, answerTimeout);
            var node = new ShopNode(role, Optional.of(gateway));
            node.started.add(gateway);
            gateway.start();
            return node;
        }
        var node = new ShopNode(role, Optional.empty());
        try {
            node.startService(runtime);
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private void startService(ServiceRuntime runtime) {
        var events = runtime.events();
        switch (role) {
            case CUSTOMERS -> {
                var service = add(new CustomersService(runtime)).start();
                add(runtime.handlers().start(ServiceDesks.customers(service, events)));
            }
            case ORDERS -> {
                var service = add(new OrdersService(runtime)).start();
                add(runtime.handlers().start(ServiceDesks.orders(service, events)));
            }
            case INVENTORY -> {
                var service = add(new InventoryService(runtime)).start();
                add(runtime.handlers().start(ServiceDesks.inventory(service, events)));
            }
            case PAYMENTS -> add(new PaymentsService(runtime)).start();
            case SHIPPING -> add(new ShippingService(runtime)).start();
            case API -> throw new IllegalStateException("the API is a gateway, not a service");
        }
    }

    private <T extends AutoCloseable> T add(T closeable) {
        started.add(closeable);
        return closeable;
    }

    public ShopRole role() {
        return role;
    }

    /** The shop as the API serves it; only the {@link ShopRole#API} node has one. */
    public Optional<ShopGateway> gateway() {
        return gateway;
    }

    /** Stops what was started, newest first; every part is stopped even when one fails, then the failure is thrown. */
    @Override
    public void close() {
        IllegalStateException failure = null;
        for (var each : started.reversed()) {
            try {
                each.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("stopping " + role.id() + " failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        started.clear();
        if (failure != null) {
            throw failure;
        }
    }
}

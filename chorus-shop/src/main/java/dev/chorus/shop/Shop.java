package dev.chorus.shop;

import dev.chorus.core.projection.ProjectionStatus;
import dev.chorus.shop.contracts.OrderLine;
import dev.chorus.shop.customers.CustomerView;
import dev.chorus.shop.inventory.StockView;
import dev.chorus.shop.orders.OrderView;
import dev.chorus.shop.orders.PlacedOrder;
import java.util.List;
import java.util.Optional;

/**
 * What a caller of the shop can ask, whichever shape it runs in: {@link ShopServices} calls the services in its
 * own JVM; {@link ShopGateway} records requests on the log for services in other processes and answers queries
 * from its own read models. Both refuse the same input with the same typed errors ({@code InvalidValue},
 * {@code NotFound}, {@code Conflict}), and every read sees the caller's earlier writes. Positions are those of
 * the log the implementation reads.
 */
public interface Shop {
    RegisteredCustomer registerCustomer(String name, String email, String address, long creditLimit);

    Optional<CustomerView> getCustomer(String customerId);

    /** Returns the position of the change, or the customer's last position when the address is the same. */
    long changeAddress(String customerId, String address);

    long addStock(String sku, int quantity);

    Optional<StockView> getStock(String sku);

    PlacedOrder placeOrder(String customerId, List<OrderLine> lines);

    long cancelOrder(String orderId, String reason);

    Optional<OrderView> getOrder(String orderId);

    /** Where each read model the queries are answered from stands: running, stopped, or failed at an event. */
    List<ProjectionStatus> readModels();
}

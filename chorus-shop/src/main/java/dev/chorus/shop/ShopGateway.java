package dev.chorus.shop;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.ReadDirection;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.Subscription;
import dev.chorus.core.SubscriptionFilter;
import dev.chorus.core.UuidV7;
import dev.chorus.core.projection.ProjectionConfig;
import dev.chorus.core.projection.ProjectionRunner;
import dev.chorus.core.projection.ProjectionStatus;
import dev.chorus.shop.contracts.Bounds;
import dev.chorus.shop.contracts.Conflict;
import dev.chorus.shop.contracts.CustomerEvent;
import dev.chorus.shop.contracts.InvalidValue;
import dev.chorus.shop.contracts.InventoryEvent;
import dev.chorus.shop.contracts.NotFound;
import dev.chorus.shop.contracts.OrderEvent;
import dev.chorus.shop.contracts.OrderLine;
import dev.chorus.shop.contracts.ServiceRuntime;
import dev.chorus.shop.contracts.ShopCodecs;
import dev.chorus.shop.contracts.ShopRequest;
import dev.chorus.shop.contracts.ShopRequest.AddressChangeRequested;
import dev.chorus.shop.contracts.ShopRequest.Command;
import dev.chorus.shop.contracts.ShopRequest.CustomerRegistrationRequested;
import dev.chorus.shop.contracts.ShopRequest.OrderCancellationRequested;
import dev.chorus.shop.contracts.ShopRequest.OrderPlacementRequested;
import dev.chorus.shop.contracts.ShopRequest.Outcome;
import dev.chorus.shop.contracts.ShopRequest.RequestAccepted;
import dev.chorus.shop.contracts.ShopRequest.RequestRejected;
import dev.chorus.shop.contracts.ShopRequest.StockAdditionRequested;
import dev.chorus.shop.customers.CustomerView;
import dev.chorus.shop.customers.CustomersView;
import dev.chorus.shop.inventory.InventoryView;
import dev.chorus.shop.inventory.StockView;
import dev.chorus.shop.orders.OrderView;
import dev.chorus.shop.orders.OrdersViews;
import dev.chorus.shop.orders.PlacedOrder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The shop as the API sees it when every service runs in its own process: commands become requests recorded on
 * the gateway's own log (a relay carries them to the owning service), and queries are answered from the
 * gateway's own read models, fed by the services' facts imported into its log. No service is ever called.
 *
 * <p>A command returns once the owning service's outcome has come back and the gateway's log holds the effect,
 * so what the caller reads next includes it. Input is checked here first with the services' own bounds, so bad
 * input writes nothing; a refusal by the service comes back as the same typed error a local call throws.
 */
public final class ShopGateway implements Shop, AutoCloseable {
    private static final Set<String> OUTCOMES = Set.of(
            "shop.requests.RequestAccepted", "shop.requests.RequestRejected");

    /** A caller waiting for event {@code version} of a stream to arrive in this log. */
    private record Arrival(long version, CompletableFuture<Long> position) {}

    private final ServiceRuntime runtime;
    private final Duration answerTimeout;
    private final ProjectionRunner<CustomerEvent> customers;
    private final ProjectionRunner<OrderEvent> orders;
    private final ProjectionRunner<InventoryEvent> inventory;
    private final Map<String, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();
    private final Map<String, List<Arrival>> arrivals = new ConcurrentHashMap<>();
    private Subscription watch;

    public ShopGateway(ServiceRuntime runtime, Duration answerTimeout) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.answerTimeout = Objects.requireNonNull(answerTimeout, "answerTimeout");
        this.customers = ProjectionRunner.create(runtime.events(), runtime.state(), CustomersView.projection(),
                ProjectionConfig.DEFAULT);
        this.orders = ProjectionRunner.create(runtime.events(), runtime.state(), OrdersViews.orders(),
                ProjectionConfig.DEFAULT);
        this.inventory = ProjectionRunner.create(runtime.events(), runtime.state(), InventoryView.projection(),
                ProjectionConfig.DEFAULT);
    }

    @Override
    public List<ProjectionStatus> readModels() {
        return List.of(customers.status(), orders.status(), inventory.status());
    }

    /** Starts the read models and begins watching for outcomes; requests made before this would wait in vain. */
    public ShopGateway start() {
        watch = runtime.events().subscribe(runtime.events().headPosition(), SubscriptionFilter.all(), this::observe);
        customers.start();
        orders.start();
        inventory.start();
        return this;
    }

    @Override
    public RegisteredCustomer registerCustomer(String name, String email, String address, long creditLimit) {
        Bounds.text("name", name, Bounds.MAX_TEXT);
        Bounds.email(email);
        Bounds.text("address", address, Bounds.MAX_ADDRESS);
        Bounds.creditLimit(creditLimit);
        String customerId = UuidV7.next(runtime.clock()).toString();
        var accepted = request("customers", customerId, requestId -> new CustomerRegistrationRequested(requestId,
                customerId, name, email, address, creditLimit));
        return new RegisteredCustomer(customerId, positionOf(accepted));
    }

    @Override
    public Optional<CustomerView> getCustomer(String customerId) {
        Bounds.id("customerId", customerId);
        runtime.awaitCurrent(customers);
        return customers.view().get(CustomersView.key(customerId), CustomersView.ROW);
    }

    @Override
    public long changeAddress(String customerId, String address) {
        Bounds.id("customerId", customerId);
        Bounds.text("address", address, Bounds.MAX_ADDRESS);
        return positionOf(request("customers", customerId,
                requestId -> new AddressChangeRequested(requestId, customerId, address)));
    }

    @Override
    public long addStock(String sku, int quantity) {
        Bounds.id("sku", sku);
        Bounds.quantity("quantity", quantity);
        return positionOf(request("inventory", null,
                requestId -> new StockAdditionRequested(requestId, sku, quantity)));
    }

    @Override
    public Optional<StockView> getStock(String sku) {
        Bounds.id("sku", sku);
        runtime.awaitCurrent(inventory);
        return inventory.view().get(InventoryView.key(sku), InventoryView.ROW);
    }

    /**
     * Places an order for a customer this gateway knows (an unknown one is {@link NotFound}, nothing written);
     * the orders service checks again against its own replica.
     */
    @Override
    public PlacedOrder placeOrder(String customerId, List<OrderLine> lines) {
        Bounds.id("customerId", customerId);
        Bounds.lines(lines);
        if (getCustomer(customerId).isEmpty()) {
            throw new NotFound("customer", customerId);
        }
        String orderId = UuidV7.next(runtime.clock()).toString();
        var accepted = request("orders", orderId,
                requestId -> new OrderPlacementRequested(requestId, orderId, customerId, lines));
        return new PlacedOrder(orderId, positionOf(accepted));
    }

    @Override
    public long cancelOrder(String orderId, String reason) {
        Bounds.id("orderId", orderId);
        Bounds.text("reason", reason, Bounds.MAX_TEXT);
        return positionOf(request("orders", orderId,
                requestId -> new OrderCancellationRequested(requestId, orderId, reason)));
    }

    @Override
    public Optional<OrderView> getOrder(String orderId) {
        Bounds.id("orderId", orderId);
        runtime.awaitCurrent(orders);
        return orders.view().get(OrdersViews.orderKey(orderId), OrdersViews.ORDER_ROW);
    }

    /** Requests still waiting for their outcome. */
    public int pendingRequests() {
        return pending.size();
    }

    private interface RequestFactory {
        Command create(String requestId);
    }

    /** A request the owning service accepted: which service, what about, and where its effect is. */
    private record Answered(String service, @Nullable String correlationId, RequestAccepted accepted) {}

    /** Records the request, waits for its outcome, and throws a refusal as the service's typed error. */
    private Answered request(String service, @Nullable String correlationId, RequestFactory factory) {
        String requestId = UuidV7.next(runtime.clock()).toString();
        var command = factory.create(requestId);
        var answer = new CompletableFuture<Outcome>();
        pending.put(requestId, answer);
        try {
            var encoded = ShopCodecs.REQUESTS.encode(command);
            var metadata = correlationId == null ? Map.<String, String>of()
                    : Map.of(Metadata.CORRELATION_ID, correlationId);
            runtime.events().append(ShopRequest.streamOf(requestId), ExpectedVersion.noStream(),
                    new NewEvent(encoded.type(), encoded.data(), metadata));
            return switch (answer.get(answerTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                case RequestAccepted accepted -> new Answered(service, correlationId, accepted);
                case RequestRejected rejected -> throw refusal(rejected);
            };
        } catch (TimeoutException e) {
            throw new RequestTimedOut(requestId, service, answerTimeout, correlationId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for request " + requestId, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("request " + requestId + " failed", e.getCause());
        } finally {
            pending.remove(requestId);
        }
    }

    /** Every event arriving in this log: an outcome someone waits for, or an effect someone waits to see here. */
    private void observe(RecordedEvent event) {
        if (OUTCOMES.contains(event.type().name())) {
            var outcome = (Outcome) ShopCodecs.REQUESTS.decode(event);
            var waiting = pending.get(outcome.requestId());
            if (waiting != null) {
                waiting.complete(outcome);
            }
        }
        var waiting = arrivals.get(event.streamId());
        if (waiting != null) {
            for (var arrival : waiting) {
                if (event.version() >= arrival.version()) {
                    arrival.position().complete(event.position());
                }
            }
        }
    }

    /** The refusal as a local call would have thrown it. */
    private static RuntimeException refusal(RequestRejected rejected) {
        var details = rejected.details();
        return switch (rejected.reason()) {
            case "not-found" -> new NotFound(details.getOrDefault("kind", "item"), details.getOrDefault("id", ""));
            case "invalid-value" -> new InvalidValue(details.getOrDefault("field", "value"),
                    details.getOrDefault("rule", rejected.message()));
            default -> new Conflict(rejected.reason(), details.getOrDefault("id", ""), rejected.message());
        };
    }

    /**
     * Waits until the effect has reached this gateway's log (facts from another service arrive on their own
     * partition, maybe after the outcome), and returns its position here.
     */
    private long positionOf(Answered answered) {
        var accepted = answered.accepted();
        if (accepted.version() < 0) {
            return -1;
        }
        String stream = accepted.streamId();
        var arrival = new Arrival(accepted.version(), new CompletableFuture<>());
        arrivals.computeIfAbsent(stream, s -> new CopyOnWriteArrayList<>()).add(arrival);
        try {
            // registered first, then looked up: an effect arriving in between completes the arrival instead
            var here = runtime.events().readStream(stream, ReadDirection.FORWARD, accepted.version(), 1);
            if (!here.isEmpty()) {
                return here.getFirst().position();
            }
            return arrival.position().get(answerTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw RequestTimedOut.notYetHere(accepted.requestId(), answered.service(), answerTimeout,
                    answered.correlationId(), stream);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + stream, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for " + stream + " failed", e.getCause());
        } finally {
            arrivals.computeIfPresent(stream, (s, waiting) -> {
                waiting.remove(arrival);
                return waiting.isEmpty() ? null : waiting;
            });
        }
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
        inventory.close();
        orders.close();
        customers.close();
        pending.values().forEach(waiting -> waiting.cancel(false));
        arrivals.values().forEach(waiting -> waiting.forEach(arrival -> arrival.position().cancel(false)));
    }
}

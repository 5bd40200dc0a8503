package dev.chorus.server.shop;

import dev.chorus.server.ApiBackend;
import dev.chorus.server.ApiError;
import dev.chorus.server.ApiModule;
import dev.chorus.server.ApiSupport;
import dev.chorus.server.HttpApi;
import dev.chorus.server.JsonBody;
import dev.chorus.server.ServerConfig;
import dev.chorus.server.StreamViews;
import dev.chorus.shop.RequestTimedOut;
import dev.chorus.shop.Shop;
import dev.chorus.shop.ShopServices;
import dev.chorus.shop.contracts.Bounds;
import dev.chorus.shop.contracts.Conflict;
import dev.chorus.shop.contracts.InvalidValue;
import dev.chorus.shop.contracts.NotFound;
import dev.chorus.shop.contracts.OrderLine;
import dev.chorus.shop.customers.CustomerDecider;
import dev.chorus.shop.customers.CustomersService;
import dev.chorus.shop.inventory.InventoryService;
import dev.chorus.shop.inventory.WarehouseDecider;
import dev.chorus.shop.orders.OrderDecider;
import dev.chorus.shop.orders.OrdersService;
import dev.chorus.shop.payments.CreditAccountDecider;
import dev.chorus.shop.payments.PaymentsService;
import dev.chorus.shop.shipping.ShipmentDecider;
import dev.chorus.shop.shipping.ShippingService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The shop's endpoints: customers, inventory and orders, over a {@link Shop}: the services in this JVM
 * ({@link ShopServices}) or a gateway to services in other processes ({@code ShopGateway}, where a request the
 * owning service does not answer in time is 504 {@code request-timeout}). Input is checked against the
 * shop's bounds before any command runs (400), the deciders check again (422 {@code invalid-value}); an unknown id
 * in the path is 404, a customer id in an order that the orders service does not know is 422
 * {@code unknown-customer}; a conflict (customer exists, order shipped) is 409. Reads wait for their read model
 * (the shop's read-your-writes).
 */
public final class ShopApi implements ApiModule {
    private final Shop shop;

    public ShopApi(Shop shop) {
        this.shop = Objects.requireNonNull(shop, "shop");
    }

    /** The generic endpoints' view of the shop: its log, state, dead letters, lineage, and every stream's decider. */
    public static ApiBackend backend(ShopServices shop) {
        return ApiBackend.of(shop.log(), shop.state(), shop.deadLetters()).withStreams(streamViews())
                .withLineage(shop.lineage()).withReadModels(shop::readModels);
    }

    /** Time travel for every shop stream, by the prefix its decider writes. */
    public static StreamViews streamViews() {
        return StreamViews.empty()
                .with(OrderDecider.streamOf(""), OrdersService.BINDING)
                .with(CustomerDecider.streamOf(""), CustomersService.BINDING)
                .with(CreditAccountDecider.streamOf(""), PaymentsService.BINDING)
                .with(ShipmentDecider.streamOf(""), ShippingService.BINDING)
                .with(WarehouseDecider.STREAM, InventoryService.BINDING);
    }

    /** The whole API for the shop: generic endpoints and the shop's. */
    public static HttpApi start(ShopServices shop, ServerConfig config) {
        return HttpApi.start(config, backend(shop), new ShopApi(shop));
    }

    @Override
    public void register(RoutesConfig routes, ApiSupport api) {
        routes.post("/api/customers", guarded(api, ctx -> {
            var body = api.body(ctx);
            var registered = shop.registerCustomer(body.text("name", Bounds.MAX_TEXT),
                    body.text("email", Bounds.MAX_EMAIL), body.text("address", Bounds.MAX_ADDRESS),
                    body.integer("creditLimit", 0, Bounds.MAX_CREDIT_LIMIT));
            ctx.status(201).json(new Registered(registered.customerId(), registered.position()));
        }));
        api.get(routes, "/api/customers/{id}", guarded(api, ctx -> ctx.json(
                shop.getCustomer(id(ctx, "id")).orElseThrow(() -> notFound("customer", ctx.pathParam("id"))))));
        routes.put("/api/customers/{id}/address", guarded(api, ctx -> {
            String id = id(ctx, "id");
            long position = shop.changeAddress(id, api.body(ctx).text("address", Bounds.MAX_ADDRESS));
            ctx.status(202).json(Map.of("position", position));
        }));
        routes.post("/api/inventory/{sku}/stock", guarded(api, ctx -> {
            String sku = id(ctx, "sku");
            long quantity = api.body(ctx).integer("quantity", 1, Bounds.MAX_QUANTITY);
            ctx.status(202).json(Map.of("position", shop.addStock(sku, (int) quantity)));
        }));
        api.get(routes, "/api/inventory/{sku}", guarded(api, ctx -> ctx.json(
                shop.getStock(id(ctx, "sku")).orElseThrow(() -> notFound("sku", ctx.pathParam("sku"))))));
        routes.post("/api/orders", guarded(api, ctx -> {
            var body = api.body(ctx);
            String customerId = body.text("customerId", Bounds.MAX_ID);
            var lines = body.objects("lines", Bounds.MAX_LINES).stream().map(ShopApi::line).toList();
            try {
                var placed = shop.placeOrder(customerId, lines);
                ctx.status(202).json(new Placed(placed.orderId(), placed.position()));
            } catch (NotFound unknown) {
                throw new ApiError(422, "unknown-customer", "no customer '" + customerId
                        + "' is known to the shop (its orders service, or in a distributed shop the API's replica of "
                        + "customers); register the customer first", Optional.of("customerId"),
                        Map.of());
            }
        }));
        routes.post("/api/orders/{id}/cancel", guarded(api, ctx -> {
            String id = id(ctx, "id");
            long position = shop.cancelOrder(id, api.body(ctx).text("reason", Bounds.MAX_TEXT));
            ctx.status(202).json(Map.of("position", position));
        }));
        api.get(routes, "/api/orders/{id}", guarded(api, ctx -> {
            var order = shop.getOrder(id(ctx, "id")).orElseThrow(() -> notFound("order", ctx.pathParam("id")));
            var view = new LinkedHashMap<String, Object>();
            view.put("orderId", order.orderId());
            view.put("streamId", order.streamId());
            view.put("customerId", order.customerId());
            view.put("status", order.status().name());
            view.put("total", order.total());
            view.put("shippingAddress", order.shippingAddress());
            view.put("reason", order.reason());
            ctx.json(view);
        }));
    }

    private static OrderLine line(JsonBody line) {
        String sku = line.text("sku", Bounds.MAX_ID);
        try {
            Bounds.id("sku", sku);
        } catch (InvalidValue e) {
            // a SKU no stock can have is the request's mistake, as in a path (400), not a rule of the shop's (422)
            throw line.invalid("sku", e.details().get("rule"));
        }
        return new OrderLine(sku, (int) line.integer("quantity", 1, Bounds.MAX_QUANTITY),
                line.integer("unitPrice", 0, Bounds.MAX_UNIT_PRICE));
    }

    /** Answers with their keys in this order (Map.of's order changes from one JVM to the next). */
    record Registered(String customerId, long position) {}

    record Placed(String orderId, long position) {}

    private static String id(Context ctx, String name) {
        String value = ctx.pathParam(name);
        if (value.isBlank()) {
            throw ApiError.badInput("invalid-parameter", name, name + " must not be blank");
        }
        int length = value.codePointCount(0, value.length());
        if (length > Bounds.MAX_ID) {
            throw ApiError.badInput("too-long", name, name + " holds at most " + Bounds.MAX_ID + " characters; got "
                    + length);
        }
        try {
            return Bounds.id(name, value);
        } catch (InvalidValue e) {
            // a path names a resource: one that cannot exist is a mistake in the request (400), as in every path
            throw ApiError.badInput("invalid-parameter", name, e.getMessage());
        }
    }

    private static ApiError notFound(String kind, String id) {
        return ApiError.notFound(kind + "-not-found", "no " + kind + " '" + id + "': check the id");
    }

    /** No query parameters, and the shop's refusals in HTTP terms. */
    private static Handler guarded(ApiSupport api, Handler handler) {
        return ctx -> {
            api.query(ctx, Set.of());
            try {
                handler.handle(ctx);
            } catch (NotFound missing) {
                throw ApiError.notFound(missing.kind() + "-not-found", missing.getMessage());
            } catch (Conflict conflict) {
                throw new ApiError(409, conflict.reason(), conflict.getMessage(), Optional.empty(),
                        conflict.details());
            } catch (InvalidValue invalid) {
                throw new ApiError(422, "invalid-value", invalid.getMessage(), Optional.of(invalid.field()),
                        invalid.details());
            } catch (RequestTimedOut late) {
                var details = new LinkedHashMap<String, String>(Map.of("requestId", late.requestId(),
                        "service", late.service()));
                late.correlationId().ifPresent(id -> details.put("correlationId", id));
                if (late.accepted()) {
                    details.put("accepted", "true");
                }
                throw new ApiError(504, "request-timeout", late.getMessage(), Optional.empty(), details);
            }
        };
    }
}

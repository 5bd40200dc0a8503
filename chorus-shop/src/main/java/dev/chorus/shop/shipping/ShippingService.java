package dev.chorus.shop.shipping;

import dev.chorus.core.codec.Codec;
import dev.chorus.core.decider.CommandLoop;
import dev.chorus.core.decider.DeciderBinding;
import dev.chorus.core.handler.HandlerContext;
import dev.chorus.core.handler.HandlerRegistration;
import dev.chorus.core.handler.RunningHandler;
import dev.chorus.core.projection.Projection;
import dev.chorus.core.projection.ProjectionConfig;
import dev.chorus.core.projection.ProjectionRunner;
import dev.chorus.json.JsonEventCodec;
import dev.chorus.json.JsonCodec;
import dev.chorus.shop.contracts.OrderEvent.OrderConfirmed;
import dev.chorus.shop.contracts.ServiceRuntime;
import dev.chorus.shop.contracts.ShippingEvent;
import dev.chorus.shop.contracts.ShippingEvent.ShipmentScheduled;
import dev.chorus.shop.contracts.ShopCodecs;
import dev.chorus.shop.shipping.ShippingCommand.ScheduleShipment;
import java.util.Optional;

/** The shipping service's wiring: shipments, their view ({@code shipping.view}) and the reaction to confirmations. */
public final class ShippingService implements AutoCloseable {
    /** Only the facts this service reacts to: the others never reach its handler. */
    public static final JsonEventCodec<Object> REACTS_TO = ShopCodecs.only(OrderConfirmed.class);
    public static final String REACTIONS = "shipping.reactions";
    public static final String VIEW = "shipping.view";
    public static final Codec<ShipmentView> ROW = JsonCodec.of(ShipmentView.class);
    public static final DeciderBinding<ShippingCommand, Shipment, ShippingEvent> BINDING = DeciderBinding.of(
            new ShipmentDecider(), ShopCodecs.SHIPPING, command -> switch (command) {
                case ScheduleShipment schedule -> ShipmentDecider.streamOf(schedule.orderId());
            });

    private final ServiceRuntime runtime;
    private final CommandLoop<ShippingCommand, Shipment, ShippingEvent> commands;
    private final ProjectionRunner<ShippingEvent> view;
    private RunningHandler reactions;

    public ShippingService(ServiceRuntime runtime) {
        this.runtime = runtime;
        this.commands = CommandLoop.create(runtime.events(), BINDING, c -> c.clock = runtime.clock());
        this.view = ProjectionRunner.create(runtime.events(), runtime.state(), projection(), ProjectionConfig.DEFAULT);
    }

    public static String key(String orderId) {
        return "shipment/" + orderId;
    }

    public static Projection<ShippingEvent> projection() {
        return Projection.of(VIEW, ShopCodecs.SHIPPING, (event, source, model) -> {
            switch (event) {
                case ShipmentScheduled s -> model.put(key(s.orderId()),
                        new ShipmentView(s.shipmentId(), s.orderId(), s.customerName(), s.address()), ROW);
            }
        });
    }

    public ShippingService start() {
        view.start();
        reactions = runtime.handlers().start(
                HandlerRegistration.of(REACTIONS, REACTS_TO, this::react).idempotent());
        return this;
    }

    public Optional<ShipmentView> shipmentOf(String orderId) {
        runtime.awaitCurrent(view);
        return view.view().get(key(orderId), ROW);
    }

    public ProjectionRunner<ShippingEvent> view() {
        return view;
    }

    private void react(Object event, HandlerContext context) {
        if (event instanceof OrderConfirmed confirmed) {
            commands.handle(new ScheduleShipment(confirmed.orderId(), confirmed.customerName(),
                    confirmed.shippingAddress()), context);
        }
    }

    @Override
    public void close() {
        if (reactions != null) {
            reactions.close();
        }
        view.close();
    }
}

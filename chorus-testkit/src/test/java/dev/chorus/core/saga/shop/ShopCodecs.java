package dev.chorus.core.saga.shop;

import dev.chorus.core.EventType;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.Codec;
import dev.chorus.core.codec.CodecFailure;
import dev.chorus.core.codec.EncodedEvent;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.codec.UnknownEventType;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Hand-written codecs (the core has no JSON): fields joined by '|', readable in a failing assertion.
 * Order ids in these tests hold no '|'.
 */
public final class ShopCodecs {
    private static final Set<String> TYPES = Set.of("OrderPlaced", "StockReserved", "StockReservationFailed",
            "PaymentAuthorized", "PaymentFailed", "PaymentTimedOut", "OrderConfirmed", "OrderCancelled",
            "StockReleased");

    private ShopCodecs() {}

    public static final EventCodec<ShopEvent> EVENTS = new EventCodec<>() {
        @Override
        public EncodedEvent encode(ShopEvent event) {
            String text = switch (event) {
                case ShopEvent.OrderPlaced e -> e.orderId() + "|" + e.amount();
                case ShopEvent.StockReservationFailed e -> e.orderId() + "|" + e.reason();
                case ShopEvent.PaymentFailed e -> e.orderId() + "|" + e.reason();
                case ShopEvent.OrderCancelled e -> e.orderId() + "|" + e.reason();
                case ShopEvent.StockReserved e -> e.orderId();
                case ShopEvent.PaymentAuthorized e -> e.orderId();
                case ShopEvent.PaymentTimedOut e -> e.orderId();
                case ShopEvent.OrderConfirmed e -> e.orderId();
                case ShopEvent.StockReleased e -> e.orderId();
            };
            return new EncodedEvent(EventType.of(event.getClass().getSimpleName(), 1),
                    text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public ShopEvent decode(RecordedEvent event) {
            String[] f = new String(event.data(), StandardCharsets.UTF_8).split("\\|", -1);
            return switch (event.type().name()) {
                case "OrderPlaced" -> new ShopEvent.OrderPlaced(f[0], Long.parseLong(f[1]));
                case "StockReserved" -> new ShopEvent.StockReserved(f[0]);
                case "StockReservationFailed" -> new ShopEvent.StockReservationFailed(f[0], f[1]);
                case "PaymentAuthorized" -> new ShopEvent.PaymentAuthorized(f[0]);
                case "PaymentFailed" -> new ShopEvent.PaymentFailed(f[0], f[1]);
                case "PaymentTimedOut" -> new ShopEvent.PaymentTimedOut(f[0]);
                case "OrderConfirmed" -> new ShopEvent.OrderConfirmed(f[0]);
                case "OrderCancelled" -> new ShopEvent.OrderCancelled(f[0], f[1]);
                case "StockReleased" -> new ShopEvent.StockReleased(f[0]);
                default -> throw new UnknownEventType(event.type(), event.position());
            };
        }

        @Override
        public boolean knows(String typeName) {
            return TYPES.contains(typeName);
        }
    };

    public static final Codec<Fulfilment> STATE = new Codec<>() {
        @Override
        public byte[] encode(Fulfilment value) {
            String text = switch (value) {
                case Fulfilment.NotStarted s -> "NotStarted";
                case Fulfilment.AwaitingStock s -> "AwaitingStock|" + s.orderId() + "|" + s.amount();
                case Fulfilment.AwaitingPayment s -> "AwaitingPayment|" + s.orderId() + "|" + s.amount();
                case Fulfilment.Confirming s -> "Confirming|" + s.orderId();
                case Fulfilment.Compensating s -> "Compensating|" + s.orderId() + "|" + s.releasing() + "|"
                        + s.cancelling();
                case Fulfilment.Confirmed s -> "Confirmed|" + s.orderId();
                case Fulfilment.Cancelled s -> "Cancelled|" + s.orderId();
            };
            return text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Fulfilment decode(byte[] bytes) {
            String[] f = new String(bytes, StandardCharsets.UTF_8).split("\\|", -1);
            return switch (f[0]) {
                case "NotStarted" -> new Fulfilment.NotStarted();
                case "AwaitingStock" -> new Fulfilment.AwaitingStock(f[1], Long.parseLong(f[2]));
                case "AwaitingPayment" -> new Fulfilment.AwaitingPayment(f[1], Long.parseLong(f[2]));
                case "Confirming" -> new Fulfilment.Confirming(f[1]);
                case "Compensating" -> new Fulfilment.Compensating(f[1], Boolean.parseBoolean(f[2]),
                        Boolean.parseBoolean(f[3]));
                case "Confirmed" -> new Fulfilment.Confirmed(f[1]);
                case "Cancelled" -> new Fulfilment.Cancelled(f[1]);
                default -> throw new CodecFailure("Fulfilment", "unknown state " + f[0], null);
            };
        }
    };
}

package dev.chorus.json;

import java.math.BigDecimal;

/**
 * {@code OrderPlaced} as earlier releases declared it, with the codecs those releases ran. The fixtures under
 * {@code yesterday/} are the bytes these wrote; a test keeps checking that they still are.
 */
final class YesterdaysCode {
    private YesterdaysCode() {}

    record OrderPlacedV1(String orderId, String customerName, BigDecimal amount) {}

    record OrderPlacedV2(String orderId, String customerName, BigDecimal amount, String currency) {}

    static JsonEventCodec<OrderPlacedV1> v1() {
        return JsonEventCodec.builder(OrderPlacedV1.class).register(OrderPlacedV1.class, "OrderPlaced", 1).build();
    }

    static JsonEventCodec<OrderPlacedV2> v2() {
        return JsonEventCodec.builder(OrderPlacedV2.class)
                .register(OrderPlacedV2.class, "OrderPlaced", 2)
                .upcast("OrderPlaced", 1, tree -> tree.put("currency", "EUR"))
                .build();
    }
}

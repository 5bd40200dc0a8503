package dev.chorus.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** Today's order events, as a service would declare them: a sealed interface of records. */
sealed interface OrderEvent {
    String orderId();

    /** Version 3. v1 had a bare {@code amount} (always euros), v2 added {@code currency}, v3 nests them and adds {@code placedAt}. */
    record OrderPlaced(String orderId, String customerName, Money total, Instant placedAt) implements OrderEvent {}

    record ItemsAdded(String orderId, List<Line> lines) implements OrderEvent {
        public ItemsAdded {
            lines = List.copyOf(lines);
        }
    }

    record OrderCancelled(String orderId, Reason reason, String note) implements OrderEvent {}

    record PaymentRecorded(String orderId, BigInteger ledgerEntry, BigDecimal amount, double fxRate, long cents,
                           int attempt, boolean captured, Map<String, String> attributes, OffsetDateTime promisedBy,
                           Duration window) implements OrderEvent {
        public PaymentRecorded {
            attributes = Map.copyOf(attributes);
        }
    }

    record Money(BigDecimal amount, String currency) {}

    record Line(String sku, int quantity, BigDecimal unitPrice) {}

    enum Reason { CUSTOMER_REQUEST, PAYMENT_FAILED, OUT_OF_STOCK }
}

package dev.chorus.shop.contracts;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What travels on the log when the shop runs one process per service: a request for a command, written by the
 * API on stream {@code request-<requestId>}, and the owning service's answer on the same stream. The API never
 * calls a service; it records what it asks for, and reads the outcome when the service's facts come back.
 */
public sealed interface ShopRequest {
    String requestId();

    static String streamOf(String requestId) {
        return "request-" + requestId;
    }

    /** A request that some service carries out. */
    sealed interface Command extends ShopRequest {}

    record CustomerRegistrationRequested(String requestId, String customerId, String name, String email,
                                         String address, long creditLimit) implements Command {}

    record AddressChangeRequested(String requestId, String customerId, String address) implements Command {}

    record StockAdditionRequested(String requestId, String sku, int quantity) implements Command {}

    record OrderPlacementRequested(String requestId, String orderId, String customerId, List<OrderLine> lines)
            implements Command {
        public OrderPlacementRequested {
            lines = List.copyOf(lines);
        }
    }

    record OrderCancellationRequested(String requestId, String orderId, String reason) implements Command {}

    /** How the owning service answered. */
    sealed interface Outcome extends ShopRequest {}

    /** Done: the command's effect is event {@code version} of {@code streamId} (or it changed nothing there). */
    record RequestAccepted(String requestId, String streamId, long version) implements Outcome {
        public RequestAccepted {
            Objects.requireNonNull(streamId, "streamId");
        }
    }

    /** Refused, with the rejection's reason, message and details, so the API answers as the service would. */
    record RequestRejected(String requestId, String reason, String message, Map<String, String> details)
            implements Outcome {
        public RequestRejected {
            details = Map.copyOf(details);
        }
    }
}

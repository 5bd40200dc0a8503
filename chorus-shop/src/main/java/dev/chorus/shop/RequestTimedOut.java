package dev.chorus.shop;

import dev.chorus.core.ChorusException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A request recorded on the log got no outcome in time: the owning service is stopped, slow, or cut off from
 * the log. The request stays recorded and is carried out when the service catches up; asking again with a new
 * request may do it twice, so a caller checks the state first: the correlation id, when the request has one (an
 * order's id, a customer's), is where to look.
 */
public final class RequestTimedOut extends ChorusException {
    private final String requestId;
    private final String service;
    private final Duration waited;
    private final @Nullable String correlationId;

    public RequestTimedOut(String requestId, String service, Duration waited, @Nullable String correlationId) {
        super("no answer from the " + service + " service to request " + requestId
                + (correlationId == null ? "" : " (for " + correlationId + ")") + " within " + waited.toMillis()
                + " ms; it is recorded and will be carried out when the service catches up");
        this.requestId = requestId;
        this.service = service;
        this.correlationId = correlationId;
        this.waited = waited;
    }

    public String requestId() {
        return requestId;
    }

    public String service() {
        return service;
    }

    public Duration waited() {
        return waited;
    }

    /** What the request is about (an order's id, a customer's), when it says. */
    public Optional<String> correlationId() {
        return Optional.ofNullable(correlationId);
    }
}

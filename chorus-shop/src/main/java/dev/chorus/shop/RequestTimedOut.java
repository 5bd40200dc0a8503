package dev.chorus.shop;

import dev.chorus.core.ChorusException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A request recorded on the log got no outcome in time: the owning service is stopped, slow, or cut off from
 * the log. The request stays recorded and is carried out when the service catches up; asking again with a new
 * request may do it twice, so a caller checks the state first: the correlation id, when the request has one (an
 * order's id, a customer's), is where to look. A request the service {@linkplain #accepted() accepted} whose effect
 * had not reached the caller's log in time is done: only this process has not seen it yet.
 */
public final class RequestTimedOut extends ChorusException {
    private final String requestId;
    private final String service;
    private final Duration waited;
    private final @Nullable String correlationId;
    private final boolean accepted;

    public RequestTimedOut(String requestId, String service, Duration waited, @Nullable String correlationId) {
        this(requestId, service, waited, correlationId, false, "no answer from the " + service + " service to request "
                + requestId + about(correlationId) + " within " + waited.toMillis()
                + " ms; it is recorded and will be carried out when the service catches up");
    }

    private RequestTimedOut(String requestId, String service, Duration waited, @Nullable String correlationId,
                            boolean accepted, String message) {
        super(message);
        this.requestId = requestId;
        this.service = service;
        this.correlationId = correlationId;
        this.waited = waited;
        this.accepted = accepted;
    }

    /** The service accepted the request, but its effect on {@code streamId} was not in this process's log in time. */
    public static RequestTimedOut notYetHere(String requestId, String service, Duration waited,
                                             @Nullable String correlationId, String streamId) {
        return new RequestTimedOut(requestId, service, waited, correlationId, true, "the " + service
                + " service accepted request " + requestId + about(correlationId) + ", but its effect on " + streamId
                + " did not reach this process within " + waited.toMillis() + " ms: it is done, and shows here once"
                + " this process has read the " + service + " service's facts");
    }

    private static String about(@Nullable String correlationId) {
        return correlationId == null ? "" : " (for " + correlationId + ")";
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

    /** Whether the service accepted the request and only its effect was late here. */
    public boolean accepted() {
        return accepted;
    }

    /** What the request is about (an order's id, a customer's), when it says. */
    public Optional<String> correlationId() {
        return Optional.ofNullable(correlationId);
    }
}

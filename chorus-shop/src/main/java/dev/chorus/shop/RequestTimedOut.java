package dev.chorus.shop;

import dev.chorus.core.ChorusException;
import java.time.Duration;

/**
 * A request recorded on the log got no outcome in time: the owning service is stopped, slow, or cut off from
 * the log. The request stays recorded and is carried out when the service catches up; asking again with a new
 * request may do it twice, so a caller checks the state first.
 */
public final class RequestTimedOut extends ChorusException {
    private final String requestId;
    private final String service;
    private final Duration waited;

    public RequestTimedOut(String requestId, String service, Duration waited) {
        super("no answer from the " + service + " service to request " + requestId + " within " + waited.toMillis()
                + " ms; it is recorded and will be carried out when the service catches up");
        this.requestId = requestId;
        this.service = service;
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
}

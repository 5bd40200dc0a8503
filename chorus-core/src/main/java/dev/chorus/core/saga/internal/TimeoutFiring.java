package dev.chorus.core.saga.internal;

import dev.chorus.core.EventAppender;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.saga.PendingTimeout;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Optional;

/**
 * Turns due timeouts into facts: appends a {@code chorus.saga.TimeoutFired} fact for each (in its
 * conversation, caused by the fact that scheduled it and in its trace, under an id derived from the
 * timeout's id), then
 * takes them off the due index. The saga answers a fired timeout when it reaches that fact in the log.
 *
 * <p>A crash between the append and the commit fires a timeout twice; the second fact finds the timeout
 * already handled and is passed by. The other order (commit first) would lose it.
 */
final class TimeoutFiring {
    private static final int PAGE = 256;

    private final String name;
    private final EventAppender events;
    private final StateStore state;
    private final SagaKeys keys;
    private final String timeoutStream;

    TimeoutFiring(String name, EventAppender events, StateStore state, SagaKeys keys, String timeoutStream) {
        this.name = name;
        this.events = events;
        this.state = state;
        this.keys = keys;
        this.timeoutStream = timeoutStream;
    }

    /** Fires every timeout due at or before {@code now}, in due order, a page per append and commit. */
    List<PendingTimeout> fireDue(Instant now) {
        var fired = new ArrayList<PendingTimeout>();
        while (true) {
            var page = state.scan(keys.dueIndex(), PAGE);
            var facts = new ArrayList<NewEvent>();
            var deletes = new ArrayList<StateWrite>();
            for (StateEntry entry : page) {
                var timeout = TimeoutCodec.decode(entry.value());
                if (timeout.dueAt().isAfter(now)) {
                    break;
                }
                var metadata = new HashMap<String, String>(4);
                metadata.put(Metadata.EVENT_ID, DerivedIds.derive(timeout.dueAt(), "timeout", name, timeout.timeoutId()));
                metadata.put(Metadata.CORRELATION_ID, timeout.correlationId());
                metadata.put(Metadata.CAUSATION_ID, timeout.scheduledBy());
                timeout.traceparent().ifPresent(trace -> metadata.put(Metadata.TRACEPARENT, trace));
                facts.add(new NewEvent(SagaEngine.TIMEOUT_FIRED, entry.value(), metadata));
                deletes.add(StateWrite.delete(entry.key()));
                fired.add(timeout);
            }
            if (facts.isEmpty()) {
                return fired;
            }
            events.append(timeoutStream, ExpectedVersion.any(), facts);
            state.commit(deletes);
            if (facts.size() < page.size() || page.size() < PAGE) {
                return fired;
            }
        }
    }

    Optional<Instant> nextDue() {
        return state.scan(keys.dueIndex(), 1).stream().findFirst()
                .map(entry -> TimeoutCodec.decode(entry.value()).dueAt());
    }
}

package dev.chorus.kafka;

import java.util.Objects;
import java.util.Set;

/** Where a {@link Relay} or an {@link Inbox} stands: for health checks and the console. */
public sealed interface BridgeStatus {
    /** Started, but waiting for topics another service has not created yet. */
    record WaitingForTopics(Set<String> missing) implements BridgeStatus {
        public WaitingForTopics {
            missing = Set.copyOf(missing);
        }
    }

    /** Moving events. */
    record Running() implements BridgeStatus {}

    /** The last attempt failed (the store is down, say); it is retried with backoff and nothing is skipped. */
    record Retrying(String lastFailure, int attempts) implements BridgeStatus {
        public Retrying {
            Objects.requireNonNull(lastFailure, "lastFailure");
        }
    }

    /** Stopped on an error it cannot get past alone; start it again once the cause is fixed. */
    record Failed(Throwable cause) implements BridgeStatus {
        public Failed {
            Objects.requireNonNull(cause, "cause");
        }
    }

    /** Closed on request. */
    record Stopped() implements BridgeStatus {}

    BridgeStatus RUNNING = new Running();
    BridgeStatus STOPPED = new Stopped();
}

package dev.chorus.core.saga.internal;

import dev.chorus.core.lineage.internal.KeySegments;
import dev.chorus.core.state.Checkpoints;
import java.time.Instant;

/**
 * Where one saga keeps its data in the state store, all under {@code saga/<name>/}:
 * <ul>
 * <li>{@code state/<correlation>}: an instance's state, encoded by the saga's state codec;</li>
 * <li>{@code done/<correlation>}: an empty marker for a finished instance, so a late fact does not start
 * it again;</li>
 * <li>{@code timer/<correlation>/<timeoutName>}: a pending timeout, until it is handled or cancelled;</li>
 * <li>{@code due/<dueAt>/<timeoutId>}: the same timeout in due order, until it fires;</li>
 * <li>{@code blocked/<correlation>}: the position of the dead letter that holds an instance back;</li>
 * <li>{@code queued/<correlation>/<position>}: facts of a held-back instance, waiting in order.</li>
 * </ul>
 * and its checkpoint at {@code checkpoint/saga/<name>}. Correlation and timeout ids pass through
 * {@link KeySegments#of}.
 */
public final class SagaKeys {
    private final String name;
    private final String base;

    public SagaKeys(String name) {
        this.name = name;
        this.base = "saga/" + name + "/";
    }

    public String checkpointName() {
        return "saga/" + name;
    }

    public String checkpoint() {
        return Checkpoints.key(checkpointName());
    }

    public String state(String correlationId) {
        return base + "state/" + KeySegments.of(correlationId);
    }

    public String done(String correlationId) {
        return base + "done/" + KeySegments.of(correlationId);
    }

    public String timer(String correlationId, String timeoutName) {
        return timers(correlationId) + timeoutName;
    }

    public String timers(String correlationId) {
        return base + "timer/" + KeySegments.of(correlationId) + "/";
    }

    public String due(Instant dueAt, String timeoutId) {
        return dueIndex() + KeySegments.sortable(dueAt) + "/" + KeySegments.of(timeoutId);
    }

    public String dueIndex() {
        return base + "due/";
    }

    public String blocked(String correlationId) {
        return blockedIndex() + KeySegments.of(correlationId);
    }

    public String blockedIndex() {
        return base + "blocked/";
    }

    public String queued(String correlationId, long position) {
        return queue(correlationId) + KeySegments.pad(position);
    }

    public String queue(String correlationId) {
        return base + "queued/" + KeySegments.of(correlationId) + "/";
    }

    public static long positionOf(String queuedKey) {
        return Long.parseLong(queuedKey.substring(queuedKey.lastIndexOf('/') + 1));
    }
}

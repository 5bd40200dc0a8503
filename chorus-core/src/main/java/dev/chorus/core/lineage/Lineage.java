package dev.chorus.core.lineage;

import dev.chorus.core.AllReader;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.lineage.internal.LineageKeys;
import dev.chorus.core.state.StateStore;
import java.util.ArrayList;
import java.util.Objects;

/** Builds the {@link LineageGraph} of a conversation, from the log itself or from the lineage index. */
public final class Lineage {
    private static final int PAGE = 512;

    private Lineage() {}

    /**
     * Reads the whole log for the events of {@code correlationId}: always right, at a cost in proportion to
     * the log. The fallback when no {@link LineageIndex} runs, and the reference the index is checked against.
     */
    public static LineageGraph scan(AllReader log, String correlationId) {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(correlationId, "correlationId");
        var nodes = new ArrayList<LineageNode>();
        long head = log.headPosition();
        long next = 0;
        while (next < head) {
            var page = log.readAll(next, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (RecordedEvent event : page) {
                if (event.position() < head && event.correlationId().equals(correlationId)) {
                    nodes.add(LineageNode.of(event));
                }
            }
            next = page.getLast().position() + 1;
        }
        return LineageGraph.of(correlationId, nodes);
    }

    /**
     * Reads the conversation from the lineage index, at a cost in proportion to the conversation. It holds
     * what the index has reached: see {@link LineageIndex#position()}.
     */
    public static LineageGraph indexed(StateStore state, String correlationId) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(correlationId, "correlationId");
        var nodes = new ArrayList<LineageNode>();
        String prefix = LineageKeys.conversation(correlationId);
        state.forEach(prefix, entry -> nodes.addAll(LineageKeys.decode(entry)));
        return LineageGraph.of(correlationId, nodes);
    }
}

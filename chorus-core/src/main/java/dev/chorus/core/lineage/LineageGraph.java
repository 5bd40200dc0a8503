package dev.chorus.core.lineage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The causal graph of one conversation: its events in log order, and an edge from each event to every event
 * it caused. An event whose cause is not in the conversation (it started it, or it was caused by a command
 * or by another conversation's event) has no incoming edge: it is a root.
 *
 * <p>Event ids are meant to be unique, but an at-least-once writer may append the same event twice under one
 * id. Both copies are nodes; edges from that id start at its first copy in the log, and lookups by id return
 * the first copy.
 */
public record LineageGraph(String correlationId, List<LineageNode> nodes, List<LineageEdge> edges) {
    public LineageGraph {
        Objects.requireNonNull(correlationId, "correlationId");
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** The graph of {@code nodes}, in log order, with the edges their causation ids make. */
    public static LineageGraph of(String correlationId, List<LineageNode> nodes) {
        var ordered = new ArrayList<>(nodes);
        ordered.sort(Comparator.comparingLong(LineageNode::position));
        var known = new HashMap<String, LineageNode>();
        for (var node : ordered) {
            known.putIfAbsent(node.eventId(), node);
        }
        var edges = new ArrayList<LineageEdge>();
        for (var node : ordered) {
            if (!node.causationId().equals(node.eventId()) && known.containsKey(node.causationId())) {
                edges.add(new LineageEdge(node.causationId(), node.eventId()));
            }
        }
        return new LineageGraph(correlationId, ordered, edges);
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /** The first event with this id in the log. */
    public Optional<LineageNode> node(String eventId) {
        return nodes.stream().filter(node -> node.eventId().equals(eventId)).findFirst();
    }

    /** The events with no cause inside the conversation, in log order. */
    public List<LineageNode> roots() {
        var effects = new HashSet<String>();
        edges.forEach(edge -> effects.add(edge.effectId()));
        return nodes.stream().filter(node -> !effects.contains(node.eventId())).toList();
    }

    /** The events {@code eventId} caused directly, in log order. */
    public List<LineageNode> effectsOf(String eventId) {
        return nodes.stream().filter(node -> node.causationId().equals(eventId) && !node.eventId().equals(eventId))
                .toList();
    }

    /** The chain of causes from a root down to {@code eventId}, both included; empty when it is not in the graph. */
    public List<LineageNode> chainTo(String eventId) {
        var byId = new LinkedHashMap<String, LineageNode>();
        for (var node : nodes) {
            byId.putIfAbsent(node.eventId(), node);
        }
        var chain = new ArrayList<LineageNode>();
        var seen = new HashSet<String>();
        var current = byId.get(eventId);
        // A causation cycle is only possible with hand-made ids, but must not loop forever.
        while (current != null && seen.add(current.eventId())) {
            chain.addFirst(current);
            current = byId.get(current.causationId());
        }
        return chain;
    }

    /**
     * The graph as an indented tree, one event per line: {@code #position streamId type (eventId)}, effects
     * below their cause. A copy appended twice appears twice.
     */
    public String render() {
        var children = new HashMap<String, List<LineageNode>>();
        for (var node : nodes) {
            if (!node.causationId().equals(node.eventId())) {
                children.computeIfAbsent(node.causationId(), k -> new ArrayList<>()).add(node);
            }
        }
        var text = new StringBuilder("correlation ").append(correlationId).append('\n');
        var drawn = new HashMap<Long, Boolean>();
        for (var root : roots()) {
            draw(root, 1, children, drawn, text);
        }
        return text.toString();
    }

    private static void draw(LineageNode node, int depth, Map<String, List<LineageNode>> children,
                             Map<Long, Boolean> drawn, StringBuilder text) {
        if (drawn.putIfAbsent(node.position(), true) != null) {
            return;
        }
        text.append("  ".repeat(depth)).append('#').append(node.position()).append(' ').append(node.streamId())
                .append(' ').append(node.type()).append(" (").append(node.eventId()).append(")\n");
        for (var child : children.getOrDefault(node.eventId(), List.of())) {
            draw(child, depth + 1, children, drawn, text);
        }
    }
}

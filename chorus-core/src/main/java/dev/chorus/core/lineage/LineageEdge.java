package dev.chorus.core.lineage;

import java.util.Objects;

/** The event {@code causeId} caused the event {@code effectId}: the effect's causation id is the cause's event id. */
public record LineageEdge(String causeId, String effectId) {
    public LineageEdge {
        Objects.requireNonNull(causeId, "causeId");
        Objects.requireNonNull(effectId, "effectId");
    }
}

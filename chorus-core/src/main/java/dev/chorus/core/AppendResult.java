package dev.chorus.core;

import java.util.List;

/**
 * What an append wrote: the global positions of its events, in order, and the stream's version after
 * it (pass {@code ExpectedVersion.exactly(lastVersion)} to append again without a read).
 */
public record AppendResult(String streamId, List<Long> positions, long lastVersion) {
    public AppendResult {
        positions = List.copyOf(positions);
    }

    public long firstPosition() {
        return positions.getFirst();
    }

    public long lastPosition() {
        return positions.getLast();
    }
}

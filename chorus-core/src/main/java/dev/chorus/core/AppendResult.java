package dev.chorus.core;

import java.util.List;
import java.util.stream.LongStream;

/**
 * What an append wrote: its events took the global positions {@code firstPosition} to
 * {@code lastPosition}, contiguous and in order, and the stream's version after it is
 * {@code lastVersion} (pass {@code ExpectedVersion.exactly(lastVersion)} to append again without a read).
 */
public record AppendResult(String streamId, long firstPosition, long lastPosition, long lastVersion) {
    public AppendResult {
        if (lastPosition < firstPosition) {
            throw new IllegalArgumentException("lastPosition " + lastPosition + " < firstPosition " + firstPosition);
        }
    }

    /** The positions written, in order. */
    public List<Long> positions() {
        return LongStream.rangeClosed(firstPosition, lastPosition).boxed().toList();
    }
}

package dev.chorus.log;

import java.nio.file.Path;
import java.util.List;

/**
 * The first bad record of a log and what truncating there would lose.
 *
 * @param segment         the segment file holding the bad record
 * @param offset          its byte offset in that file
 * @param reason          what is wrong with it
 * @param tornTail        true when nothing valid follows: what a crash mid-write leaves, repaired on open
 * @param bytesLost       bytes that truncation removes, in this segment and every later one
 * @param laterSegments   later segment files that truncation deletes
 * @param intactEventsLost valid events found after the damage that truncation would drop, as position ranges
 */
public record LogDamage(Path segment, long offset, String reason, boolean tornTail, long bytesLost,
                        List<Path> laterSegments, List<PositionRange> intactEventsLost) {
    public LogDamage {
        laterSegments = List.copyOf(laterSegments);
        intactEventsLost = List.copyOf(intactEventsLost);
    }

    public long intactEventsLostCount() {
        return intactEventsLost.stream().mapToLong(PositionRange::count).sum();
    }
}

package dev.chorus.log;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What opening a log found.
 *
 * @param segments       segment files in the log
 * @param events         events in the log (the head position)
 * @param tornTail       the segment whose torn tail was truncated, if any
 * @param truncatedBytes bytes removed from that tail (never an acknowledged event)
 * @param rebuiltIndexes segment indexes that were missing or stale and were rebuilt from the segment
 */
public record RecoveryReport(int segments, long events, Optional<Path> tornTail, long truncatedBytes,
                             int rebuiltIndexes) {}

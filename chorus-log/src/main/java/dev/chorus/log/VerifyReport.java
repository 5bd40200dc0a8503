package dev.chorus.log;

import java.util.Optional;

/**
 * The result of reading every record of a log and checking its frame and CRC32C.
 *
 * @param segments how many segment files were read
 * @param records  valid records (one per atomic append) before any damage
 * @param events   valid events before any damage
 * @param damage   the first bad record, if any
 */
public record VerifyReport(int segments, long records, long events, Optional<LogDamage> damage) {
    public boolean ok() {
        return damage.isEmpty();
    }
}

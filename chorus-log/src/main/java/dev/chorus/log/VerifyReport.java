package dev.chorus.log;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The result of reading every record of a log and checking its frame and CRC32C, and every sealed segment's index
 * against its checksum.
 *
 * @param segments       how many segment files were read
 * @param records        valid records (one per atomic append) before any damage
 * @param events         valid events before any damage
 * @param damage         the first bad record, if any
 * @param damagedIndexes index files whose entries do not match their checksum: no event is lost (an index is
 *                       built from its segment), but reads through it may fail; repair deletes them and the next
 *                       open rebuilds them
 */
public record VerifyReport(int segments, long records, long events, Optional<LogDamage> damage,
                           List<Path> damagedIndexes) {
    public VerifyReport {
        damagedIndexes = List.copyOf(damagedIndexes);
    }

    public boolean ok() {
        return damage.isEmpty() && damagedIndexes.isEmpty();
    }
}

package dev.chorus.log.state;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What opening a state store found.
 *
 * @param generation      the generation of the journal now being written (one more per compaction)
 * @param snapshotEntries entries loaded from the newest snapshot (0 when there was none)
 * @param journals        journal files replayed after it
 * @param commitsReplayed commits replayed from them
 * @param journalBytes    bytes of journal replayed: what the next open would replay again, had it not been for
 *                        the compaction that starts once this passes the threshold
 * @param entries         entries in the store once open
 * @param tornTail        the journal whose torn tail was truncated, if any
 * @param truncatedBytes  bytes removed from that tail (never an acknowledged commit)
 * @param filesRemoved    leftovers of an interrupted compaction deleted: temporary files, files a newer
 *                        snapshot replaces
 */
public record StateRecovery(long generation, long snapshotEntries, int journals, long commitsReplayed,
                            long journalBytes, long entries, Optional<Path> tornTail, long truncatedBytes, int filesRemoved) {}

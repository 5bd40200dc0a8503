package dev.chorus.log;

import dev.chorus.log.internal.DirLock;
import dev.chorus.log.internal.FrameDamage;
import dev.chorus.log.internal.Recovery;
import dev.chorus.log.internal.SealedIndex;
import dev.chorus.log.internal.Segment;
import dev.chorus.log.internal.SegmentScan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Offline checks on a log that no process has open: verify, and repair by truncation. */
public final class LogTools {
    private LogTools() {}

    /** Reads every record of every segment and checks it. Takes the directory's lock while it reads. */
    public static VerifyReport verify(Path dataDir) {
        requireDirectory(dataDir);
        try (var lock = DirLock.acquire(dataDir)) {
            return check(dataDir);
        }
    }

    /**
     * Truncates the log at its first bad record, deleting later segments and the indexes that cover
     * them, and deletes damaged index files (the next open rebuilds them). Returns what was removed, the same as
     * {@link #verify} reported; a healthy log is left untouched.
     */
    public static VerifyReport repair(Path dataDir) {
        requireDirectory(dataDir);
        try (var lock = DirLock.acquire(dataDir)) {
            var report = check(dataDir);
            report.damage().ifPresent(damage -> cut(dataDir, damage));
            report.damagedIndexes().forEach(Recovery::deleteIfExists);
            if (!report.damagedIndexes().isEmpty()) {
                Recovery.syncDirectory(dataDir);
            }
            return report;
        }
    }

    private static VerifyReport check(Path dataDir) {
        var files = Recovery.segmentFiles(dataDir);
        long expected = 0;
        long records = 0;
        var damagedIndexes = new ArrayList<Path>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            long first = Segment.firstPositionOf(file, ".seg");
            List<Path> later = files.subList(i + 1, files.size());
            if (first != expected) {
                var damage = damage(file, 0, "segment starts at position " + first + " but "
                        + (i == 0 ? "the log starts at 0" : "the previous one ends at " + expected)
                        + " (a segment file is missing)", false, intactFrames(file), later, Recovery.size(file));
                return new VerifyReport(i + 1, records, expected, Optional.of(damage), damagedIndexes);
            }
            try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
                var scan = SegmentScan.scan(channel, first, (offset, head, reader) -> { });
                records += scan.records();
                expected = scan.endPosition();
                if (scan.damage().isPresent()) {
                    FrameDamage bad = scan.damage().get();
                    boolean torn = scan.tornTail() && later.isEmpty();
                    var damage = damage(file, bad.offset(), bad.reason(), torn, scan.validAfter(), later,
                            SegmentScan.dataEnd(channel, bad.offset(), channel.size()) - bad.offset());
                    return new VerifyReport(i + 1, records, expected, Optional.of(damage), damagedIndexes);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path index = file.resolveSibling(Segment.indexName(first));
            if (SealedIndex.load(index).filter(loaded -> !loaded.entriesIntact()).isPresent()) {
                damagedIndexes.add(index);
            }
        }
        return new VerifyReport(files.size(), records, expected, Optional.empty(), damagedIndexes);
    }

    private static LogDamage damage(Path file, long offset, String reason, boolean torn,
                                    List<PositionRange> validAfter, List<Path> later, long bytesHere) {
        var lost = new ArrayList<>(validAfter);
        long bytes = bytesHere;
        for (Path next : later) {
            bytes += Recovery.size(next);
            lost.addAll(intactFrames(next));
        }
        return new LogDamage(file, offset, reason, torn, bytes, later, merge(lost));
    }

    private static List<PositionRange> intactFrames(Path segment) {
        try (var channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            return SegmentScan.validFramesAfter(channel, 0, channel.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<PositionRange> merge(List<PositionRange> ranges) {
        var merged = new ArrayList<PositionRange>();
        for (var range : ranges) {
            if (!merged.isEmpty() && merged.getLast().to() + 1 == range.from()) {
                merged.set(merged.size() - 1, new PositionRange(merged.getLast().from(), range.to()));
            } else {
                merged.add(range);
            }
        }
        return merged;
    }

    private static void cut(Path dataDir, LogDamage damage) {
        long first = Segment.firstPositionOf(damage.segment(), ".seg");
        for (Path later : damage.laterSegments()) {
            Recovery.deleteIfExists(later.resolveSibling(Segment.indexName(Segment.firstPositionOf(later, ".seg"))));
            Recovery.deleteIfExists(later);
        }
        Recovery.deleteIfExists(damage.segment().resolveSibling(Segment.indexName(first)));
        if (damage.offset() == 0) {
            // nothing valid is left in it; opening recreates an empty first segment if none remains
            Recovery.deleteIfExists(damage.segment());
            // the segment before it is the last one now, and the last segment has no index file: the next open
            // rebuilds its index in memory and appends to it (an index left there would read as a missing segment)
            Recovery.segmentFiles(dataDir).stream()
                    .filter(segment -> Segment.firstPositionOf(segment, ".seg") < first)
                    .reduce((earlier, later) -> later)
                    .ifPresent(last -> Recovery.deleteIfExists(
                            last.resolveSibling(Segment.indexName(Segment.firstPositionOf(last, ".seg")))));
        } else {
            Recovery.truncate(damage.segment(), damage.offset());
        }
        Recovery.syncDirectory(dataDir);
    }

    private static void requireDirectory(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            throw new dev.chorus.core.ValidationError("dataDir", "no log directory at " + dataDir);
        }
    }
}

package dev.chorus.log.internal;

import dev.chorus.log.LogCorrupted;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Opens the segments of a data directory: sealed segments through their persisted indexes (rebuilt
 * from the segment when missing or stale), the active one by a full scan that truncates a torn tail
 * and refuses damage anywhere else.
 */
public final class Recovery {
    private static final Logger LOG = Logger.getLogger("dev.chorus.log");

    /** The opened state: segments (the last is active), its index, its size and the head. */
    public record Opened(List<Segment> segments, MemIndex activeIndex, long activeSize, long head,
                         Optional<Path> tornTail, long truncatedBytes, int rebuiltIndexes) {}

    private Recovery() {}

    public static List<Path> segmentFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Segment.firstPositionOf(f, ".seg") >= 0)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Opened open(Path dir) {
        deleteTemporaries(dir);
        var files = new ArrayList<>(segmentFiles(dir));
        if (files.isEmpty()) {
            files.add(create(dir, 0));
        }
        var segments = new ArrayList<Segment>();
        long expected = 0;
        int rebuilt = 0;
        for (int i = 0; i < files.size() - 1; i++) {
            Path file = files.get(i);
            long first = Segment.firstPositionOf(file, ".seg");
            long nextFirst = Segment.firstPositionOf(files.get(i + 1), ".seg");
            requireContinuity(file, first, expected);
            Path indexFile = file.resolveSibling(Segment.indexName(first));
            long fileSize = size(file);
            var index = SealedIndex.load(indexFile).filter(idx -> idx.firstPosition() == first
                    && idx.endPosition() == nextFirst && idx.segmentBytes() == fileSize);
            if (index.isEmpty()) {
                index = Optional.of(rebuild(file, first, nextFirst, fileSize, indexFile));
                rebuilt++;
            }
            segments.add(new Segment(first, file, index.get(), fileSize));
            expected = nextFirst;
        }
        Path activeFile = files.getLast();
        long first = Segment.firstPositionOf(activeFile, ".seg");
        requireContinuity(activeFile, first, expected);
        Path staleIndex = activeFile.resolveSibling(Segment.indexName(first));
        if (SealedIndex.load(staleIndex).isPresent()) {
            // a segment is sealed only once its successor exists: the successor was lost
            throw new LogCorrupted(activeFile, size(activeFile), "this segment was sealed, but the segment after it"
                    + " is missing");
        }
        var mem = new MemIndex();
        var scan = scan(activeFile, first, mem);
        Optional<Path> torn = Optional.empty();
        long truncated = 0;
        if (scan.damage().isPresent()) {
            var damage = scan.damage().get();
            if (!scan.tornTail()) {
                throw new LogCorrupted(activeFile, damage.offset(), damage.reason()
                        + " (valid records follow it, so it is not a torn tail)");
            }
            truncated = tornBytes(activeFile, scan.validEnd());
            truncate(activeFile, scan.validEnd());
            torn = Optional.of(activeFile);
            long bytes = truncated;
            LOG.warning(() -> "recovered a torn tail: truncated " + bytes + " bytes of " + activeFile + " at byte "
                    + scan.validEnd() + " (" + damage.reason() + "); a torn tail holds no acknowledged event");
        }
        deleteIfExists(staleIndex);
        segments.add(new Segment(first, activeFile, mem, scan.validEnd()));
        return new Opened(segments, mem, scan.validEnd(), scan.endPosition(), torn, truncated, rebuilt);
    }

    private static void requireContinuity(Path file, long first, long expected) {
        if (first != expected) {
            throw new LogCorrupted(file, 0, "segment starts at position " + first + " but the previous one ends at "
                    + expected + " (a segment file is missing or extra)");
        }
    }

    private static SealedIndex rebuild(Path file, long first, long nextFirst, long fileSize, Path indexFile) {
        var mem = new MemIndex();
        var scan = scan(file, first, mem);
        if (scan.damage().isPresent()) {
            var damage = scan.damage().get();
            throw new LogCorrupted(file, damage.offset(), damage.reason() + " (in a sealed segment)");
        }
        if (scan.endPosition() != nextFirst) {
            throw new LogCorrupted(file, fileSize, "segment ends at position " + scan.endPosition()
                    + " but the next one starts at " + nextFirst + " (a segment file is missing or extra)");
        }
        LOG.info(() -> "rebuilt the index of " + file);
        return SealedIndex.write(indexFile, first, nextFirst, fileSize, mem, Throttle.none());
    }

    public static SegmentScan.Result scan(Path file, long first, MemIndex mem) {
        try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return SegmentScan.scan(channel, first, (offset, head, reader) ->
                    mem.add(head.streamId(), head.firstVersion(), head.firstPosition(), head.eventCount(), offset));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of a torn tail: up to the last that is not zero, not the zeros or the hole after it. */
    private static long tornBytes(Path file, long validEnd) {
        try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return SegmentScan.dataEnd(channel, validEnd, channel.size()) - validEnd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path create(Path dir, long firstPosition) {
        Path file = dir.resolve(Segment.fileName(firstPosition));
        try {
            Files.createFile(file);
            syncDirectory(dir);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void truncate(Path file, long size) {
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes a directory's entries durable (a new or renamed segment or index). Where a directory cannot be opened
     * (some file systems, Windows) there is nothing to sync and the data files themselves are synced; where it can
     * and its sync fails, that failure is the disk's and is thrown, since a segment's name may not survive a crash.
     */
    public static void syncDirectory(Path dir) {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException cannotOpen) {
            return;
        }
        try (channel) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the directory " + dir, e);
        }
    }

    public static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTemporaries(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".tmp")).forEach(Recovery::deleteIfExists);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

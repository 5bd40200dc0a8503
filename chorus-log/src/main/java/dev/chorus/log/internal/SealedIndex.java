package dev.chorus.log.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The persisted index of a sealed segment, so that opening a log reads indexes, not payloads:
 * <pre>
 * header (64 bytes) = magic | format | firstPosition | endPosition | segmentBytes | entryCount | sparseCount
 *                     | crc(entries) | crc(sparse) | crc(header) | pad
 * entries           = entryCount × (streamHash | version | position | offset), sorted by (hash, version)
 * sparse            = sparseCount × (position | offset), sorted
 * </pre>
 * The header and sparse table are checked on open; the entries, which may be large, by {@code verify}.
 */
public final class SealedIndex implements SegmentIndex {
    private static final int MAGIC = 0xC4_0E_1D_01;
    private static final int FORMAT = 1;
    private static final int HEADER = 64;
    private static final int ENTRY = 32;

    private final long firstPosition;
    private final long endPosition;
    private final long segmentBytes;
    private final int entryCount;
    private final int entriesCrc;
    private final MappedByteBuffer entries;
    private final long[] sparsePositions;
    private final long[] sparseOffsets;

    private SealedIndex(long firstPosition, long endPosition, long segmentBytes, int entryCount, int entriesCrc,
                        MappedByteBuffer entries, long[] sparsePositions, long[] sparseOffsets) {
        this.firstPosition = firstPosition;
        this.endPosition = endPosition;
        this.segmentBytes = segmentBytes;
        this.entryCount = entryCount;
        this.entriesCrc = entriesCrc;
        this.entries = entries;
        this.sparsePositions = sparsePositions;
        this.sparseOffsets = sparseOffsets;
    }

    public long firstPosition() {
        return firstPosition;
    }

    public long endPosition() {
        return endPosition;
    }

    public long segmentBytes() {
        return segmentBytes;
    }

    /**
     * Writes the index of a sealed segment atomically (temp file, fsync, rename) and maps it, resting as
     * {@code throttle} says between streams and, when it rests, writing in forced steps: the sealer's index has no
     * deadline (readers use the segment's index in memory meanwhile), while the live appends beside it have. An
     * index rebuilt while the log opens has nothing beside it and goes at full speed.
     */
    public static SealedIndex write(Path file, long firstPosition, long endPosition, long segmentBytes, MemIndex mem,
                                    Throttle throttle) {
        int streamCount = mem.streamCount();
        long[] hashes = new long[streamCount];
        int count = 0;
        for (int i = 0; i < streamCount; i++) {
            hashes[i] = StreamHash.of(mem.streamName(i));
            count += mem.entryCount(i);
            tick(i, throttle);
        }
        int[] order = HashOrder.of(hashes, throttle);
        int sparseCount = mem.sparsePositions.size();
        var buffer = ByteBuffer.allocate(HEADER + count * ENTRY + sparseCount * 16);
        buffer.position(HEADER);
        for (int k = 0, groups = 0; k < order.length; groups++) {
            int end = k;
            while (end < order.length && hashes[order[end]] == hashes[order[k]]) {
                end++;
            }
            putEntries(buffer, hashes[order[k]], mem, Arrays.copyOfRange(order, k, end));
            tick(groups, throttle); // per group: a group of colliding hashes must not step over a tick
            k = end;
        }
        int entriesEnd = buffer.position();
        for (int i = 0; i < sparseCount; i++) {
            buffer.putLong(mem.sparsePositions.get(i)).putLong(mem.sparseOffsets.get(i));
        }
        byte[] bytes = buffer.array();
        int entriesCrc = crc(bytes, HEADER, entriesEnd - HEADER);
        int sparseCrc = crc(bytes, entriesEnd, bytes.length - entriesEnd);
        buffer.position(0);
        buffer.putInt(MAGIC).putInt(FORMAT).putLong(firstPosition).putLong(endPosition).putLong(segmentBytes)
                .putLong(count).putLong(sparseCount).putInt(entriesCrc).putInt(sparseCrc);
        buffer.putInt(crc(bytes, 0, 56));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (var channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            if (throttle.rests()) {
                // In forced steps: the log's own fsyncs go on meanwhile and must not wait behind the whole index.
                var out = new SteppedOutput(channel);
                out.write(bytes, 0, bytes.length);
                out.finish();
            } else {
                var out = ByteBuffer.wrap(bytes);
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return load(file).orElseThrow(() -> new IllegalStateException("index just written does not load: " + file));
    }

    private static void tick(int i, Throttle throttle) {
        if ((i & 1023) == 1023) {
            throttle.tick();
        }
    }

    private static void putEntries(ByteBuffer out, long hash, MemIndex mem, int[] group) {
        if (group.length == 1) {
            for (var entry = mem.streamEntries(group[0]); entry.next(); ) {
                out.putLong(hash).putLong(entry.version()).putLong(entry.position()).putLong(entry.offset());
            }
            return;
        }
        // streams sharing a hash: merge their entries by version
        var merged = new ArrayList<long[]>();
        for (int g : group) {
            for (var entry = mem.streamEntries(g); entry.next(); ) {
                merged.add(new long[] {entry.version(), entry.position(), entry.offset()});
            }
        }
        merged.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        for (long[] e : merged) {
            out.putLong(hash).putLong(e[0]).putLong(e[1]).putLong(e[2]);
        }
    }

    /** Maps an index file; empty when it is missing, damaged or of another format (then it is rebuilt). */
    public static Optional<SealedIndex> load(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < HEADER) {
                return Optional.empty();
            }
            var header = ByteBuffer.allocate(HEADER);
            channel.read(header, 0);
            byte[] h = header.array();
            header.flip();
            if (header.getInt() != MAGIC || header.getInt() != FORMAT) {
                return Optional.empty();
            }
            long first = header.getLong();
            long end = header.getLong();
            long segmentBytes = header.getLong();
            long count = header.getLong();
            long sparseCount = header.getLong();
            int entriesCrc = header.getInt();
            int sparseCrc = header.getInt();
            int headerCrc = header.getInt();
            if (headerCrc != crc(h, 0, 56) || size != HEADER + count * ENTRY + sparseCount * 16) {
                return Optional.empty();
            }
            var sparse = ByteBuffer.allocate((int) (sparseCount * 16));
            channel.read(sparse, HEADER + count * ENTRY);
            if (crc(sparse.array(), 0, sparse.capacity()) != sparseCrc) {
                return Optional.empty();
            }
            sparse.flip();
            long[] positions = new long[(int) sparseCount];
            long[] offsets = new long[(int) sparseCount];
            for (int i = 0; i < sparseCount; i++) {
                positions[i] = sparse.getLong();
                offsets[i] = sparse.getLong();
            }
            var entries = channel.map(FileChannel.MapMode.READ_ONLY, HEADER, count * ENTRY);
            return Optional.of(new SealedIndex(first, end, segmentBytes, (int) count, entriesCrc, entries, positions,
                    offsets));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Reads every entry and checks its checksum; for {@code verify}. */
    public boolean entriesIntact() {
        var crc = new CRC32C();
        crc.update(entries.duplicate().position(0).limit(entryCount * ENTRY));
        return (int) crc.getValue() == entriesCrc;
    }

    @Override
    public long scanStart(long position) {
        int lo = 0;
        int hi = sparsePositions.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (sparsePositions[mid] <= position) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? 0 : sparseOffsets[found];
    }

    @Override
    public EntryCursor entries(String streamId, long fromVersion, boolean forward) {
        long hash = StreamHash.of(streamId);
        int lower = lowerBound(hash, Long.MIN_VALUE);
        int upper = lowerBound(hash, Long.MAX_VALUE);
        if (lower >= upper) {
            return EntryCursor.EMPTY;
        }
        int start = forward ? lowerBound(hash, fromVersion) : lowerBound(hash, fromVersion == Long.MAX_VALUE
                ? Long.MAX_VALUE : fromVersion + 1) - 1;
        return new EntryCursor() {
            int i = start + (forward ? -1 : 1);

            @Override
            public boolean next() {
                i += forward ? 1 : -1;
                return i >= lower && i < upper;
            }

            @Override
            public long version() {
                return entries.getLong(i * ENTRY + 8);
            }

            @Override
            public long position() {
                return entries.getLong(i * ENTRY + 16);
            }

            @Override
            public long offset() {
                return entries.getLong(i * ENTRY + 24);
            }
        };
    }

    /** The first entry at or after (hash, version), or entryCount. */
    private int lowerBound(long hash, long version) {
        int lo = 0;
        int hi = entryCount;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long h = entries.getLong(mid * ENTRY);
            int cmp = h != hash ? Long.compare(h, hash) : Long.compare(entries.getLong(mid * ENTRY + 8), version);
            if (cmp < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int crc(byte[] bytes, int offset, int length) {
        return FrameCodec.crc(bytes, offset, length);
    }
}

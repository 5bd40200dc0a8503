package dev.chorus.log.internal;

/** What a segment knows about its frames without reading them. */
public interface SegmentIndex {
    /** Sparse index granularity: a read from any position scans at most this many bytes to find it. */
    int SPARSE_BYTES = 64 << 10;

    /** Byte offset of a frame at or before the one holding {@code position}; a scan from there finds it. */
    long scanStart(long position);

    /** Candidate entries of the stream from {@code fromVersion}, forward or backward, in version order. */
    EntryCursor entries(String streamId, long fromVersion, boolean forward);
}

package dev.chorus.log.internal;

import java.util.List;

/** What readers may see: the segments and the head (positions below it are acknowledged). */
public record View(List<Segment> segments, long head) {
    public View {
        segments = List.copyOf(segments);
    }

    /** Index of the segment holding {@code position}, or the last one. */
    public int segmentOf(long position) {
        int lo = 0;
        int hi = segments.size() - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (segments.get(mid).firstPosition() <= position) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}

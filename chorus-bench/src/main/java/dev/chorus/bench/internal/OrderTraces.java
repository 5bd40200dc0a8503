package dev.chorus.bench.internal;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;

/**
 * What happened to each order, as timestamps in arrays found by the order's id (a UUID, kept as its two longs):
 * the benchmark keeps no object per order in the process it measures, whose young collections would otherwise copy
 * its bookkeeping beside the shop's state. The pacer's placements and the observer's sightings arrive in either
 * order; whichever comes first claims the order's slot.
 */
final class OrderTraces {
    static final int SCHEDULED = 0;
    static final int PLACED = 1;
    static final int SEEN_PLACED = 2;
    static final int SEEN_RESERVED = 3;
    static final int SEEN_AUTHORIZED = 4;
    static final int SEEN_CONFIRMED = 5;
    static final int SEEN_CANCELLED = 6;
    private static final int FIELDS = 7;

    private final long[] high;
    private final long[] low;
    private final int mask;
    private final int capacity;
    private int used;
    /** Per slot; {@link #PLACED} is set last, and only for a counted order. */
    private final AtomicLongArray times;

    /** Room for {@code orders} orders. */
    OrderTraces(int orders) {
        int slots = Integer.highestOneBit(Math.max(16, orders) * 2 - 1) << 1;
        this.high = new long[slots];
        this.low = new long[slots];
        this.mask = slots - 1;
        this.capacity = Math.max(16, orders);
        this.times = new AtomicLongArray(slots * FIELDS);
    }

    /** The slot of {@code orderId}, claimed now if this is the first word of it; -1 once every slot is taken. */
    synchronized int slot(String orderId) {
        var uuid = UUID.fromString(orderId);
        long h = uuid.getMostSignificantBits();
        long l = uuid.getLeastSignificantBits();
        int at = (int) (mix(h ^ l) & mask);
        while (high[at] != 0 || low[at] != 0) {
            if (high[at] == h && low[at] == l) {
                return at;
            }
            at = (at + 1) & mask;
        }
        if (used == capacity) {
            return -1;
        }
        used++;
        high[at] = h;
        low[at] = l;
        return at;
    }

    void set(int slot, int field, long nanos) {
        times.set(slot * FIELDS + field, nanos);
    }

    long get(int slot, int field) {
        return times.get(slot * FIELDS + field);
    }

    /** A counted order's placement: its due time, then when it was placed, which marks it counted. */
    void placed(int slot, long scheduledNanos, long placedNanos) {
        set(slot, SCHEDULED, scheduledNanos);
        set(slot, PLACED, placedNanos);
    }

    boolean isCounted(int slot) {
        return get(slot, PLACED) != 0;
    }

    /** Every slot of a counted order. */
    void forEachCounted(IntConsumer action) {
        for (int slot = 0; slot <= mask; slot++) {
            if (isCounted(slot)) {
                action.accept(slot);
            }
        }
    }

    synchronized String orderId(int slot) {
        return new UUID(high[slot], low[slot]).toString();
    }

    private static long mix(long x) {
        x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
        return x ^ (x >>> 33);
    }
}

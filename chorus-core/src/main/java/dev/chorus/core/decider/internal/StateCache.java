package dev.chorus.core.decider.internal;

import dev.chorus.core.decider.StreamState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The latest known state of the most recently used streams, so that a command on a warm stream skips the
 * read. Never trusted for correctness: an append decided on a stale entry fails its expected version, and
 * the loop drops the entry and reads the store. Least-recently-used maps, striped when large, each behind its
 * own lock, so that threads on different streams rarely meet.
 */
public final class StateCache<S> {
    private static final int STRIPES = 32;
    private static final int STRIPED_FROM = 4096;

    private final List<Stripe<S>> stripes;

    public StateCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity is 1 or more; got " + capacity);
        }
        // Striping makes eviction least-recently-used per stripe only: worth it where many threads meet, not below.
        int stripeCount = capacity >= STRIPED_FROM ? STRIPES : 1;
        int perStripe = (capacity + stripeCount - 1) / stripeCount;
        var made = new ArrayList<Stripe<S>>(stripeCount);
        for (int i = 0; i < stripeCount; i++) {
            made.add(new Stripe<>(perStripe));
        }
        stripes = List.copyOf(made);
    }

    public Optional<StreamState<S>> get(String streamId) {
        var stripe = stripeOf(streamId);
        synchronized (stripe) {
            return Optional.ofNullable(stripe.get(streamId));
        }
    }

    /** Keeps {@code state} unless a later version of its stream is kept already (racing writers finish out of order). */
    public void offer(StreamState<S> state) {
        var stripe = stripeOf(state.streamId());
        synchronized (stripe) {
            var kept = stripe.get(state.streamId());
            if (kept == null || kept.version() < state.version()) {
                stripe.put(state.streamId(), state);
            }
        }
    }

    public void forget(String streamId) {
        var stripe = stripeOf(streamId);
        synchronized (stripe) {
            stripe.remove(streamId);
        }
    }

    /**
     * The stripe from the hash's high bits (after mixing): a stripe's map buckets by the low bits, and keys that
     * all shared their low bits would crowd a thirty-second of its buckets.
     */
    private Stripe<S> stripeOf(String streamId) {
        int mixed = streamId.hashCode() * 0x9E3779B9;
        return stripes.get((int) (((mixed >>> 16) * (long) stripes.size()) >>> 16));
    }

    private static final class Stripe<S> extends LinkedHashMap<String, StreamState<S>> {
        private final int capacity;

        Stripe(int capacity) {
            super(16, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StreamState<S>> eldest) {
            return size() > capacity;
        }
    }
}

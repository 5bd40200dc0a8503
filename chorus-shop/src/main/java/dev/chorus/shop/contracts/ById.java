package dev.chorus.shop.contracts;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * An immutable map from ids to values for decider states that remember every order they answered. A change
 * copies one of {@value #BUCKETS} buckets (and the bucket list), not the whole map, so a state that has seen
 * {@code n} orders costs about {@code n / 256} per event instead of {@code n}: folding a long stream stays
 * affordable without a persistent-collections library.
 */
public record ById<V>(List<Map<String, V>> buckets, int size) {
    public static final int BUCKETS = 256;

    public ById {
        if (buckets.size() != BUCKETS) {
            throw new IllegalArgumentException("a ById has " + BUCKETS + " buckets, not " + buckets.size());
        }
        buckets = List.copyOf(buckets);
    }

    public static <V> ById<V> empty() {
        List<Map<String, V>> buckets = IntStream.range(0, BUCKETS).mapToObj(i -> Map.<String, V>of()).toList();
        return new ById<>(buckets, 0);
    }

    private static int bucketOf(String id) {
        return Math.floorMod(id.hashCode(), BUCKETS);
    }

    public Optional<V> get(String id) {
        return Optional.ofNullable(buckets.get(bucketOf(id)).get(id));
    }

    public boolean contains(String id) {
        return buckets.get(bucketOf(id)).containsKey(id);
    }

    public ById<V> with(String id, V value) {
        int index = bucketOf(id);
        var bucket = new HashMap<>(buckets.get(index));
        boolean added = bucket.put(id, value) == null;
        var copy = new java.util.ArrayList<>(buckets);
        copy.set(index, Map.copyOf(bucket));
        return new ById<>(copy, added ? size + 1 : size);
    }
}

package dev.chorus.shop.contracts;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable map from ids to values for decider states that remember every order they answered: a hash trie
 * of 32-way branches, so {@link #with} copies the few branches on one key's path (about log<sub>32</sub> n of
 * them), never the map, and folding a long stream stays linear in its events whatever the state has seen. As a
 * {@link Map} it is read-only: equal to any map with the same entries, and written by Jackson as a JSON object.
 */
public final class ById<V> extends AbstractMap<String, V> {
    private static final int BITS = 5;
    private static final int MASK = (1 << BITS) - 1;
    private static final ById<?> EMPTY = new ById<>(new Branch(0, new Node[0]), 0);

    private final Branch root;
    private final int size;

    private ById(Branch root, int size) {
        this.root = root;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    public static <V> ById<V> empty() {
        return (ById<V>) EMPTY;
    }

    /** The value under {@code id}, if any. */
    public Optional<V> find(String id) {
        return Optional.ofNullable(get(id));
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object id) {
        var leaf = id instanceof String key ? leafOf(key) : null;
        return leaf == null ? null : (V) leaf.value();
    }

    @Override
    public boolean containsKey(Object id) {
        return id instanceof String key && leafOf(key) != null;
    }

    /** This map with {@code id} mapped to {@code value}; this one is unchanged. */
    public ById<V> with(String id, V value) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(value, "value");
        var added = new boolean[1];
        var newRoot = insert(root, 0, new Leaf(id, hash(id), value), added);
        return new ById<>(newRoot, added[0] ? size + 1 : size);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, V>> iterator() {
                var entries = new ArrayList<Entry<String, V>>(size);
                collect(root, entries);
                // read-only: AbstractMap's remove and clear go through this iterator and must refuse, not pretend
                return Collections.unmodifiableList(entries).iterator();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private sealed interface Node permits Branch, Leaf, Collision {}

    private record Branch(int bitmap, Node[] slots) implements Node {}

    private record Leaf(String key, int hash, Object value) implements Node {}

    /** Keys whose whole hashes are equal, which no branch can tell apart. */
    private record Collision(int hash, List<Leaf> leaves) implements Node {}

    private static int hash(String id) {
        int h = id.hashCode();
        return h ^ (h >>> 16);
    }

    private static int bit(int hash, int shift) {
        return 1 << ((hash >>> shift) & MASK);
    }

    private Leaf leafOf(String id) {
        int hash = hash(id);
        Node node = root;
        for (int shift = 0; ; shift += BITS) {
            switch (node) {
                case Branch branch -> {
                    int bit = bit(hash, shift);
                    if ((branch.bitmap() & bit) == 0) {
                        return null;
                    }
                    node = branch.slots()[Integer.bitCount(branch.bitmap() & (bit - 1))];
                }
                case Leaf leaf -> {
                    return leaf.key().equals(id) ? leaf : null;
                }
                case Collision collision -> {
                    return collision.leaves().stream().filter(l -> l.key().equals(id)).findFirst().orElse(null);
                }
            }
        }
    }

    private static Branch insert(Branch branch, int shift, Leaf leaf, boolean[] added) {
        int bit = bit(leaf.hash(), shift);
        int index = Integer.bitCount(branch.bitmap() & (bit - 1));
        var slots = branch.slots();
        if ((branch.bitmap() & bit) == 0) {
            var grown = new Node[slots.length + 1];
            System.arraycopy(slots, 0, grown, 0, index);
            grown[index] = leaf;
            System.arraycopy(slots, index, grown, index + 1, slots.length - index);
            added[0] = true;
            return new Branch(branch.bitmap() | bit, grown);
        }
        var copy = slots.clone();
        copy[index] = merge(slots[index], shift + BITS, leaf, added);
        return new Branch(branch.bitmap(), copy);
    }

    /** {@code leaf} put into the node that holds its slot one level down (at {@code shift}). */
    private static Node merge(Node existing, int shift, Leaf leaf, boolean[] added) {
        return switch (existing) {
            case Branch branch -> insert(branch, shift, leaf, added);
            case Leaf old when old.key().equals(leaf.key()) -> leaf;
            case Leaf old when old.hash() == leaf.hash() -> {
                added[0] = true;
                yield new Collision(leaf.hash(), List.of(old, leaf));
            }
            case Leaf old -> insert(new Branch(bit(old.hash(), shift), new Node[] {old}), shift, leaf, added);
            case Collision collision when collision.hash() == leaf.hash() -> {
                var leaves = new ArrayList<>(collision.leaves());
                leaves.removeIf(l -> l.key().equals(leaf.key()));
                added[0] = leaves.size() == collision.leaves().size();
                leaves.add(leaf);
                yield new Collision(leaf.hash(), List.copyOf(leaves));
            }
            case Collision collision ->
                    insert(new Branch(bit(collision.hash(), shift), new Node[] {collision}), shift, leaf, added);
        };
    }

    @SuppressWarnings("unchecked")
    private static <V> void collect(Node node, List<Entry<String, V>> into) {
        switch (node) {
            case Branch branch -> {
                for (var slot : branch.slots()) {
                    collect(slot, into);
                }
            }
            case Leaf leaf -> into.add(Map.entry(leaf.key(), (V) leaf.value()));
            case Collision collision -> collision.leaves().forEach(leaf -> collect(leaf, into));
        }
    }
}

package dev.chorus.core.state;

import dev.chorus.core.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A view of a state store in which every key lives under {@code namespace}: what one part of a process keeps apart
 * from the rest of the store (the copies of other services' dead letters, say) while using code written for a whole
 * store. Closing the view leaves the store open.
 */
public final class Namespaced implements StateStore {
    private final StateStore store;
    private final String namespace;

    public Namespaced(StateStore store, String namespace) {
        this.store = Objects.requireNonNull(store, "store");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        if (namespace.isEmpty()) {
            throw new IllegalArgumentException("a namespace is not empty: the view would be the whole store");
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        return store.get(namespace + key);
    }

    @Override
    public List<StateEntry> scan(String prefix, String afterKey, int limit) {
        var page = store.scan(namespace + prefix, afterKey.isEmpty() ? "" : namespace + afterKey, limit);
        var entries = new ArrayList<StateEntry>(page.size());
        for (StateEntry entry : page) {
            entries.add(new StateEntry(entry.key().substring(namespace.length()), entry.value()));
        }
        return entries;
    }

    @Override
    public void commit(List<StateWrite> writes) {
        store.commit(inside(writes));
    }

    @Override
    public void commitLazily(List<StateWrite> writes) {
        store.commitLazily(inside(writes));
    }

    @Override
    public void commitIf(String key, byte[] expected, List<StateWrite> writes) {
        store.commitIf(namespace + Objects.requireNonNull(key, "key"), expected, inside(writes));
    }

    private List<StateWrite> inside(List<StateWrite> writes) {
        var inside = new ArrayList<StateWrite>(writes.size());
        for (StateWrite write : writes) {
            inside.add(switch (write) {
                case StateWrite.Put put -> StateWrite.put(namespace + put.key(), put.value());
                case StateWrite.Delete delete -> StateWrite.delete(namespace + delete.key());
                case StateWrite.DeletePrefix prefix -> {
                    if (prefix.prefix().isEmpty()) { // as every store refuses it: never what clearing one thing means
                        throw new ValidationError("writes", "DeletePrefix(\"\") would wipe every key of the view");
                    }
                    yield StateWrite.deletePrefix(namespace + prefix.prefix());
                }
            });
        }
        return inside;
    }

    @Override
    public long maxCommitBytes() {
        return store.maxCommitBytes();
    }

    /** The store is the caller's: it stays open. */
    @Override
    public void close() {}
}

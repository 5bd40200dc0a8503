package dev.chorus.core.projection.internal;

import dev.chorus.core.ValidationError;
import dev.chorus.core.projection.ReadModelView;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A projection's committed rows, read straight from the state store with the namespace taken off. */
public final class CommittedView implements ReadModelView {
    private final Namespace namespace;
    private final StateStore store;

    public CommittedView(Namespace namespace, StateStore store) {
        this.namespace = namespace;
        this.store = store;
    }

    @Override
    public Optional<byte[]> get(String key) {
        return getChecked(namespace.checkRowKey(key));
    }

    /** For a key the caller has checked already: a batch checks each key once, not once per layer. */
    Optional<byte[]> getChecked(String key) {
        return store.get(namespace.key(key));
    }

    @Override
    public List<StateEntry> scan(String prefix, String afterKey, int limit) {
        namespace.checkText("prefix", prefix);
        namespace.checkText("afterKey", afterKey);
        if (limit <= 0) {
            throw new ValidationError("limit", "limit is 1 or more; got " + limit);
        }
        var page = store.scan(namespace.key(prefix), afterKey.isEmpty() ? "" : namespace.key(afterKey), limit);
        var rows = new ArrayList<StateEntry>(page.size());
        for (StateEntry entry : page) {
            rows.add(new StateEntry(namespace.relative(entry.key()), entry.value()));
        }
        return rows;
    }

    @Override
    public String toString() {
        return "ReadModel[" + namespace.projection() + "]";
    }
}

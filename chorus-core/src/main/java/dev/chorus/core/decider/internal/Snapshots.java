package dev.chorus.core.decider.internal;

import dev.chorus.core.decider.SnapshotPolicy;
import dev.chorus.core.decider.StreamState;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Snapshots in a {@link StateStore}: a small header (format, state shape version, and the version and global
 * position of the last event folded into it) and then the state's own bytes. A snapshot is only a shortcut,
 * so whatever cannot be trusted (another shape version, a header that does not parse, state bytes the codec
 * refuses) reads as no snapshot, and the state is folded from the events instead.
 */
public final class Snapshots<S> {
    public static final String PREFIX = "snapshot/";
    private static final int MAGIC = 0x43534E50; // "CSNP"
    private static final int HEADER = 4 + 4 + 8 + 8;

    private final StateStore store;
    private final SnapshotPolicy<S> policy;

    public Snapshots(StateStore store, SnapshotPolicy<S> policy) {
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public SnapshotPolicy<S> policy() {
        return policy;
    }

    public String key(String streamId) {
        return PREFIX + policy.name() + "/" + streamId;
    }

    /** The stored snapshot, if there is one of this shape version that decodes. */
    public Optional<StreamState<S>> load(String streamId) {
        return store.get(key(streamId)).flatMap(bytes -> decode(streamId, bytes));
    }

    public void save(StreamState<S> state) {
        store.commit(java.util.List.of(write(state)));
    }

    public StateWrite write(StreamState<S> state) {
        byte[] body = policy.codec().encode(state.state());
        var buffer = ByteBuffer.allocate(HEADER + body.length);
        buffer.putInt(MAGIC).putInt(policy.shapeVersion()).putLong(state.version()).putLong(state.position())
                .put(body);
        return StateWrite.put(key(state.streamId()), buffer.array());
    }

    private Optional<StreamState<S>> decode(String streamId, byte[] bytes) {
        if (bytes.length < HEADER) {
            return Optional.empty();
        }
        var buffer = ByteBuffer.wrap(bytes);
        if (buffer.getInt() != MAGIC || buffer.getInt() != policy.shapeVersion()) {
            return Optional.empty();
        }
        long version = buffer.getLong();
        long position = buffer.getLong();
        if (version < 0 || position < 0) {
            return Optional.empty();
        }
        S state;
        try {
            state = policy.codec().decode(Arrays.copyOfRange(bytes, HEADER, bytes.length));
        } catch (RuntimeException unreadable) {
            // Same shape version but bytes the codec refuses: a codec change nobody versioned. The events are
            // the truth; fold them rather than fail every command on this stream.
            return Optional.empty();
        }
        if (state == null) {
            return Optional.empty();
        }
        return Optional.of(new StreamState<>(streamId, state, version, position));
    }
}

package dev.chorus.core.handler;

import dev.chorus.core.handler.internal.DeadLetterCodec;
import dev.chorus.core.state.StateConflict;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Dead letters kept in a {@link StateStore}, beside the subscribers' checkpoints, so that a subscriber can
 * write a dead letter and move its checkpoint past the event in one atomic commit: {@link #save} returns
 * writes to add to that commit, as {@code Checkpoints.save} does.
 *
 * <p>Layout: every dead letter under {@code deadletter/<handler>/<position>} (position zero-padded to 19
 * digits, so keys sort by position), and an empty index key {@code deadletter-pending/<handler>/<position>}
 * for each pending one, so listing what needs attention costs in proportion to that, not to every dead
 * letter ever written.
 */
public final class DeadLetterStore {
    public static final String PREFIX = "deadletter/";
    public static final String PENDING_PREFIX = "deadletter-pending/";
    private static final byte[] EMPTY = new byte[0];
    private static final int PURGE_PAGE = 256;

    private final StateStore state;

    public DeadLetterStore(StateStore state) {
        this.state = Objects.requireNonNull(state, "state");
    }

    public static String key(DeadLetterId id) {
        return PREFIX + suffix(id);
    }

    static String pendingKey(DeadLetterId id) {
        return PENDING_PREFIX + suffix(id);
    }

    private static String suffix(DeadLetterId id) {
        return id.handler() + "/" + String.format("%019d", id.position());
    }

    public Optional<DeadLetter> get(DeadLetterId id) {
        return state.get(key(id)).map(DeadLetterCodec::decode);
    }

    /** @throws DeadLetterNotFound when there is none with this id */
    public DeadLetter require(DeadLetterId id) {
        return get(id).orElseThrow(() -> new DeadLetterNotFound(id));
    }

    public List<DeadLetter> list(DeadLetterQuery query) {
        String base = query.includeClosed() ? PREFIX : PENDING_PREFIX;
        String prefix = base + query.handler().map(h -> h + "/").orElse("");
        String afterKey = query.after().map(id -> base + suffix(id)).orElse("");
        var page = state.scan(prefix, afterKey, query.limit());
        var letters = new ArrayList<DeadLetter>(page.size());
        for (StateEntry entry : page) {
            if (query.includeClosed()) {
                letters.add(DeadLetterCodec.decode(entry.value()));
            } else {
                // The index and the entry are written in one commit, so the entry is there.
                state.get(PREFIX + entry.key().substring(PENDING_PREFIX.length()))
                        .map(DeadLetterCodec::decode).ifPresent(letters::add);
            }
        }
        return letters;
    }

    /** Whether {@code handler} has any pending dead letter. */
    public boolean hasPending(String handler) {
        return !state.scan(PENDING_PREFIX + HandlerNames.validate(handler) + "/", 1).isEmpty();
    }

    /** The writes that store {@code letter} (replacing an earlier version) and keep the pending index right. */
    public List<StateWrite> save(DeadLetter letter) {
        var id = letter.id();
        var entry = StateWrite.put(key(id), DeadLetterCodec.encode(letter));
        var index = letter.status().isPending() ? StateWrite.put(pendingKey(id), EMPTY)
                : StateWrite.delete(pendingKey(id));
        return List.of(entry, index);
    }

    /**
     * Deletes the dead letters resolved or discarded before {@code cutoff}, a page at a time; pending ones stay.
     * Their subscribers must not be running: a replayed event that fails again updates its dead letter.
     *
     * @return how many were deleted
     */
    public int purgeClosed(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        int purged = 0;
        String after = "";
        while (true) {
            var page = state.scan(PREFIX, after, PURGE_PAGE);
            var deletes = new ArrayList<StateWrite>();
            for (StateEntry entry : page) {
                var closedAt = DeadLetterCodec.decode(entry.value()).status().closedAt();
                if (closedAt.isPresent() && closedAt.get().isBefore(cutoff)) {
                    deletes.add(StateWrite.delete(entry.key()));
                }
            }
            if (!deletes.isEmpty()) {
                state.commit(deletes);
                purged += deletes.size();
            }
            if (page.size() < PURGE_PAGE) {
                return purged;
            }
            after = page.getLast().key();
        }
    }

    /**
     * Changes a pending dead letter as {@code change} says, unless something else closed it first: read, changed and
     * written back only if it is still what was read ({@link StateStore#commitIf}), read again after a conflict. So an
     * operator's discard or retry request in one process never overwrites the outcome the subscriber recorded in
     * another meanwhile. {@code change} may run more than once (once per conflict) and must be pure.
     *
     * @return the letter as written, or empty when it is no longer pending (nothing written)
     * @throws DeadLetterNotFound when there is none with this id
     */
    public Optional<DeadLetter> updatePending(DeadLetterId id, UnaryOperator<DeadLetter> change) {
        String key = key(id);
        while (true) {
            byte[] read = state.get(key).orElseThrow(() -> new DeadLetterNotFound(id));
            var letter = DeadLetterCodec.decode(read);
            if (!letter.status().isPending()) {
                return Optional.empty();
            }
            var changed = change.apply(letter);
            try {
                state.commitIf(key, read, save(changed));
                return Optional.of(changed);
            } catch (StateConflict changedMeanwhile) {
                // read it again
            }
        }
    }

    /** Stores {@code letter} on its own; a subscriber moving its checkpoint adds {@link #save} to that commit instead. */
    public void put(DeadLetter letter) {
        state.commit(save(letter));
    }
}

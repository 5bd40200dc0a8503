package dev.chorus.core.state;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Durable key-value state kept beside the log, never inside the history of facts: read models with their
 * checkpoints, snapshots, dead letters, saga state and timeouts. Keys are strings (namespaced by prefix,
 * e.g. {@code "projection/orders/row/42"}), values bytes. A commit is atomic and durable when it returns,
 * which is what lets a read model and its checkpoint move together.
 *
 * <p>Keys sort in Unicode code point order (the same as UTF-8 byte order). Keys are 1 to {@link #MAX_KEY_BYTES}
 * UTF-8 bytes without lone surrogates; values at most {@link #MAX_VALUE_BYTES}; {@code DeletePrefix("")} is
 * refused, since it would wipe every namespace, checkpoints included. A commit with a bad write applies nothing.
 */
public interface StateStore extends AutoCloseable {
    /** Longest key, in UTF-8 bytes. */
    int MAX_KEY_BYTES = 1024;

    /** Largest value, in bytes. */
    int MAX_VALUE_BYTES = 16 << 20;

    Optional<byte[]> get(String key);

    /**
     * Which of {@code keys} the store holds, as one read where the store can (PostgreSQL: one query instead of one a
     * key). Each key is checked as {@link #get} checks it.
     */
    default Set<String> present(Collection<String> keys) {
        var held = new HashSet<String>();
        for (String key : keys) {
            if (get(key).isPresent()) {
                held.add(key);
            }
        }
        return held;
    }

    /** Up to {@code limit} entries whose key starts with {@code prefix} and sorts after {@code afterKey}, in key order. */
    List<StateEntry> scan(String prefix, String afterKey, int limit);

    default List<StateEntry> scan(String prefix, int limit) {
        return scan(prefix, "", limit);
    }

    /**
     * Hands {@code action} every entry whose key starts with {@code prefix}, in key order, read {@value #PAGE} at a
     * time: each page after the last key of the one before, so an entry written meanwhile may or may not be seen.
     */
    default void forEach(String prefix, Consumer<? super StateEntry> action) {
        String after = "";
        while (true) {
            var page = scan(prefix, after, PAGE);
            page.forEach(action);
            if (page.size() < PAGE) {
                return;
            }
            after = page.getLast().key();
        }
    }

    /** How many entries {@link #forEach} reads at a time. */
    int PAGE = 256;

    /** Applies every write, in order, all or none. */
    void commit(List<StateWrite> writes);

    /**
     * Applies every write, in order, all or none, only if {@code key} holds exactly {@code expected} when the commit
     * applies: a compare-and-set for a writer that reads, decides and writes while another process may write the same
     * key (an operator's discard of a dead letter beside the subscriber resolving it). The check and the writes are one
     * atomic step against every other commit of the store, conditional or not.
     *
     * @throws StateConflict the key holds something else, or nothing; nothing was written
     * @throws UnsupportedOperationException the store cannot check and write atomically (the stores Chorus ships can)
     */
    default void commitIf(String key, byte[] expected, List<StateWrite> writes) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot commit conditionally");
    }

    /**
     * Applies every write, in order, all or none, like {@link #commit}, and makes it visible before returning, but
     * may return before it is durable: it becomes durable with the next commit that is, or shortly after (the
     * embedded store: within 20 ms). A crash may lose such a commit, whole and with the lazy commits after it, never
     * a part of one; a durable commit made after it makes it durable too. For what the log can rebuild: a projection's read model with its checkpoint, whose lost commits the next start
     * applies again. A store that cannot defer its sync commits durably, which is always allowed.
     */
    default void commitLazily(List<StateWrite> writes) {
        commit(writes);
    }

    /**
     * The largest commit this store takes, in bytes as {@link #commitBytes} counts them at most; a larger one fails
     * with {@link dev.chorus.core.LimitExceeded}. Unbounded unless a store says otherwise.
     */
    default long maxCommitBytes() {
        return Long.MAX_VALUE;
    }

    /**
     * What {@code writes} weigh against {@link #maxCommitBytes()}, at most: each write's key (three bytes a UTF-16
     * unit, UTF-8's most) and value, and eleven bytes of framing.
     */
    static long commitBytes(List<StateWrite> writes) {
        long bytes = 4;
        for (StateWrite write : writes) {
            bytes += switch (write) {
                case StateWrite.Put put -> writeBytes(put.key().length(), put.value().length);
                case StateWrite.Delete delete -> writeBytes(delete.key().length(), 0);
                case StateWrite.DeletePrefix prefix -> writeBytes(prefix.prefix().length(), 0);
            };
        }
        return bytes;
    }

    /** One write's share of {@link #commitBytes}: a key of {@code keyChars} UTF-16 units and a value. */
    static long writeBytes(int keyChars, int valueBytes) {
        return 11 + 3L * keyChars + valueBytes;
    }

    default void put(String key, byte[] value) {
        commit(List.of(StateWrite.put(key, value)));
    }

    @Override
    void close();
}

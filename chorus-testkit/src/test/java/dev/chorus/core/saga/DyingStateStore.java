package dev.chorus.core.saga;

import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.util.List;
import java.util.Optional;

/**
 * The real store behind a process that dies at its n-th commit: just before that commit is durable, or just
 * after, and from then on every call fails, as if the process was killed there. The store behind keeps
 * exactly what was committed, for a restarted runner to open.
 */
final class DyingStateStore implements StateStore {
    static final class Died extends RuntimeException {
        Died(int commit) {
            super("simulated crash at commit " + commit);
        }
    }

    private final StateStore durable;
    private final int dieAt;
    private final boolean afterCommit;
    private int commits;
    private boolean dead;

    /**
     * Dies at commit number {@code dieAt} (1-based; never when it is 0): before it is applied, or right after
     * when {@code afterCommit}.
     */
    DyingStateStore(StateStore durable, int dieAt, boolean afterCommit) {
        this.durable = durable;
        this.dieAt = dieAt;
        this.afterCommit = afterCommit;
    }

    int commits() {
        return commits;
    }

    boolean died() {
        return dead;
    }

    @Override
    public Optional<byte[]> get(String key) {
        alive();
        return durable.get(key);
    }

    @Override
    public List<StateEntry> scan(String prefix, String afterKey, int limit) {
        alive();
        return durable.scan(prefix, afterKey, limit);
    }

    @Override
    public void commit(List<StateWrite> writes) {
        alive();
        commits++;
        if (commits == dieAt && !afterCommit) {
            dead = true;
            throw new Died(commits);
        }
        durable.commit(writes);
        if (commits == dieAt) {
            dead = true;
            throw new Died(commits);
        }
    }

    @Override
    public void close() {}

    private void alive() {
        if (dead) {
            throw new Died(commits);
        }
    }
}

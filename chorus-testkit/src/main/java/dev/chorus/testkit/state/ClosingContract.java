package dev.chorus.testkit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.StoreClosed;
import dev.chorus.core.state.StateWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A closed store says so with a typed error instead of answering from stale state. */
public abstract class ClosingContract extends StateContract {
    protected ClosingContract(StateFixture fixture) {
        super(fixture);
    }

    @Test
    void a_closed_store_refuses_reads_scans_and_commits_with_store_closed() {
        store().put("row/1", bytes("one"));

        store().close();

        assertThatThrownBy(() -> store().get("row/1")).isInstanceOf(StoreClosed.class);
        assertThatThrownBy(() -> store().scan("row/", 10)).isInstanceOf(StoreClosed.class);
        assertThatThrownBy(() -> store().commit(List.of(StateWrite.delete("row/1")))).isInstanceOf(StoreClosed.class);
        assertThatThrownBy(() -> store().put("row/2", bytes("two"))).isInstanceOf(StoreClosed.class);
    }

    @Test
    void closing_a_store_twice_is_harmless() {
        store().put("row/1", bytes("one"));
        store().close();

        assertThatCode(() -> store().close()).doesNotThrowAnyException();
    }

    @Test
    void committers_racing_a_close_each_either_commit_or_get_store_closed_and_none_hangs() throws Exception {
        var store = store();
        int committers = 16;
        var started = new CountDownLatch(committers);
        var closeReturned = new AtomicBoolean();
        var futures = new ArrayList<Future<Integer>>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < committers; c++) {
                int committer = c;
                futures.add(executor.submit(() -> {
                    started.countDown();
                    int afterClose = 0;
                    for (int i = 0; ; i++) {
                        // Bounded: the test closes the store right away, and a store that keeps taking
                        // commits after close returned fails instead of spinning for ever.
                        if (closeReturned.get() && ++afterClose > 1_000) {
                            throw new AssertionError("1,000 commits accepted after close returned");
                        }
                        try {
                            store.put("c/" + committer, bytes(String.valueOf(i)));
                        } catch (StoreClosed closed) {
                            return i;
                        }
                    }
                }));
            }
            assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            store.put("before-close", bytes("x"));

            store.close();
            closeReturned.set(true);

            for (var future : futures) {
                assertThat(future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isNotNegative();
            }
        }
        assertThatThrownBy(() -> store.get("c/0")).isInstanceOf(StoreClosed.class);
    }
}

package dev.chorus.testkit.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Many committers at once, each on a virtual thread: every commit lands whole, and readers never see half of one. */
public abstract class ConcurrentCommitsContract extends StateContract {
    private static final int COMMITTERS = 64;
    private static final int COMMITS_EACH = 25;

    protected ConcurrentCommitsContract(StateFixture fixture) {
        super(fixture);
    }

    @Test
    void commits_from_many_virtual_threads_all_land_and_each_committer_reads_its_own_write_at_once() throws Exception {
        var store = store();
        var tasks = new ArrayList<Callable<Void>>();
        for (int c = 0; c < COMMITTERS; c++) {
            int committer = c;
            tasks.add(() -> {
                for (int i = 0; i < COMMITS_EACH; i++) {
                    store.commit(List.of(put("item/" + committer + "/" + i, committer + ":" + i),
                            put("last/" + committer, String.valueOf(i))));
                    assertThat(store.get("last/" + committer).map(StateContract::text)).as("read your own write")
                            .contains(String.valueOf(i));
                }
                return null;
            });
        }

        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            awaitAll(executor, tasks);
        }

        var items = texts("item/");
        assertThat(items).hasSize(COMMITTERS * COMMITS_EACH);
        for (int c = 0; c < COMMITTERS; c++) {
            for (int i = 0; i < COMMITS_EACH; i++) {
                assertThat(items.get("item/" + c + "/" + i)).isEqualTo(c + ":" + i);
            }
            assertThat(textAt("last/" + c)).isEqualTo(String.valueOf(COMMITS_EACH - 1));
        }
    }

    @Test
    void a_reader_scanning_during_commits_never_sees_half_of_one() throws Exception {
        int writers = 4;
        int commitsEach = 150;
        var store = store();
        var writing = new AtomicBoolean(true);
        var tasks = new ArrayList<Callable<Void>>();
        for (int w = 0; w < writers; w++) {
            String pair = "pair/" + w + "/";
            tasks.add(() -> {
                for (int n = 1; n <= commitsEach; n++) {
                    store.commit(List.of(put(pair + "a", String.valueOf(n)), put(pair + "b", String.valueOf(n))));
                }
                return null;
            });
            tasks.add(() -> {
                int seen = 0;
                // Stops once the writers are done; the writers stop after a fixed number of commits.
                while (writing.get()) {
                    seen = checkPair(store, pair, seen);
                    Thread.yield();
                }
                checkPair(store, pair, seen);
                return null;
            });
        }

        // Readers on platform threads: a spinning virtual thread would keep the writers off the carriers.
        try (var committers = Executors.newVirtualThreadPerTaskExecutor();
             var readers = Executors.newFixedThreadPool(writers)) {
            var writes = new ArrayList<Future<Void>>();
            var reads = new ArrayList<Future<Void>>();
            for (int i = 0; i < tasks.size(); i++) {
                (i % 2 == 0 ? writes : reads).add((i % 2 == 0 ? committers : readers).submit(tasks.get(i)));
            }
            try {
                for (var write : writes) {
                    write.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } finally {
                writing.set(false);
            }
            for (var read : reads) {
                read.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        for (int w = 0; w < writers; w++) {
            assertThat(texts("pair/" + w + "/")).containsValues(String.valueOf(commitsEach));
        }
    }

    /** Both halves of the pair hold one commit's number, and it never goes back. */
    private static int checkPair(StateStore store, String pair, int seen) {
        List<StateEntry> page = store.scan(pair, 10);
        if (page.isEmpty()) {
            assertThat(seen).as("a pair, once seen, never disappears").isZero();
            return seen;
        }
        assertThat(page).as("both keys of one commit").hasSize(2);
        int a = Integer.parseInt(text(page.get(0).value()));
        int b = Integer.parseInt(text(page.get(1).value()));
        assertThat(a).as("%s a and b written by one commit", pair).isEqualTo(b);
        assertThat(a).as("%s never goes back", pair).isGreaterThanOrEqualTo(seen);
        return a;
    }

    private static void awaitAll(ExecutorService executor, List<Callable<Void>> tasks) throws Exception {
        var futures = new ArrayList<Future<Void>>();
        for (var task : tasks) {
            futures.add(executor.submit(task));
        }
        for (var future : futures) {
            future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}

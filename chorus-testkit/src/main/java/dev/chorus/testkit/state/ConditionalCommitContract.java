package dev.chorus.testkit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.state.StateConflict;
import dev.chorus.core.state.StateWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code commitIf}: a commit that applies only while a key holds what its writer read, atomically against every other
 * commit, so that writers in different processes can read, decide and write one key without losing each other's
 * writes.
 */
public abstract class ConditionalCommitContract extends StateContract {
    private static final int COMMITTERS = 16;
    private static final int INCREMENTS_EACH = 20;
    private static final int MAX_ATTEMPTS = 10_000;

    protected ConditionalCommitContract(StateFixture fixture) {
        super(fixture);
    }

    @Test
    void a_commit_whose_key_holds_what_it_expects_applies_all_its_writes() {
        var store = store();
        store.commit(List.of(put("letter/1", "open")));

        store.commitIf("letter/1", bytes("open"), List.of(put("letter/1", "discarded"), put("index/1", "x")));

        assertThat(textAt("letter/1")).isEqualTo("discarded");
        assertThat(textAt("index/1")).isEqualTo("x");
    }

    @Test
    void a_commit_whose_key_changed_writes_nothing_and_names_the_key() {
        var store = store();
        store.commit(List.of(put("letter/1", "resolved")));

        assertThatThrownBy(() -> store.commitIf("letter/1", bytes("open"),
                List.of(put("letter/1", "discarded"), put("index/1", "x"))))
                .isInstanceOfSatisfying(StateConflict.class, e -> assertThat(e.key()).isEqualTo("letter/1"));

        assertThat(textAt("letter/1")).isEqualTo("resolved");
        assertThat(store.get("index/1")).isEmpty();
    }

    @Test
    void a_key_that_is_gone_is_a_conflict() {
        var store = store();
        store.commit(List.of(put("letter/1", "open"), StateWrite.delete("letter/1")));

        assertThatThrownBy(() -> store.commitIf("letter/1", bytes("open"), List.of(put("letter/1", "discarded"))))
                .isInstanceOf(StateConflict.class);
        assertThat(store.get("letter/1")).isEmpty();
    }

    @Test
    void the_expectation_is_checked_after_every_commit_before_it() {
        var store = store();
        store.commit(List.of(put("counter", "1")));
        store.commit(List.of(put("counter", "2")));

        assertThatThrownBy(() -> store.commitIf("counter", bytes("1"), List.of(put("counter", "9"))))
                .isInstanceOf(StateConflict.class);
        store.commitIf("counter", bytes("2"), List.of(put("counter", "3")));

        assertThat(textAt("counter")).isEqualTo("3");
    }

    @Test
    void committers_that_read_and_write_one_key_at_once_lose_no_increment() throws Exception {
        var store = store();
        store.commit(List.of(put("counter", "0")));
        var tasks = new ArrayList<Callable<Void>>();
        for (int c = 0; c < COMMITTERS; c++) {
            tasks.add(() -> {
                for (int i = 0; i < INCREMENTS_EACH; i++) {
                    for (int attempt = 1; ; attempt++) {
                        byte[] read = store.get("counter").orElseThrow();
                        int next = Integer.parseInt(text(read)) + 1;
                        try {
                            store.commitIf("counter", read, List.of(put("counter", String.valueOf(next))));
                            break;
                        } catch (StateConflict e) {
                            // Each conflict means another committer won; a store whose check disagrees with its
                            // reads would conflict for ever.
                            assertThat(attempt).as("attempts of one increment").isLessThan(MAX_ATTEMPTS);
                        }
                    }
                }
                return null;
            });
        }

        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<Void>>();
            for (var task : tasks) {
                futures.add(executor.submit(task));
            }
            for (var future : futures) {
                future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        assertThat(textAt("counter")).as("every increment, none lost to a racing writer")
                .isEqualTo(String.valueOf(COMMITTERS * INCREMENTS_EACH));
    }
}

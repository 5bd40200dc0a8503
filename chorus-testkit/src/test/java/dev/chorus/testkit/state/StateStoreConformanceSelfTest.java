package dev.chorus.testkit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.state.StateConflict;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The kit is only worth its green if it turns red: each broken store below gets one thing wrong, and the kit must
 * fail the tests that are about that thing.
 */
class StateStoreConformanceSelfTest {
    private static final int KIT_TESTS = 65;

    @Test
    void the_kit_runs_every_test_and_passes_the_reference_store() {
        var run = run(InMemory.class);

        assertThat(run.finished()).hasSize(KIT_TESTS);
        assertThat(run.failed()).isEmpty();
    }

    @Test
    void a_store_that_applies_a_commit_write_by_write_fails_the_atomicity_tests() {
        assertThat(failuresOf(WriteByWrite.class)).contains(
                "a_commit_whose_last_write_has_an_empty_key_applies_none_of_its_writes",
                "a_commit_with_a_value_over_the_limit_applies_none_of_its_writes",
                "a_read_model_and_its_checkpoint_move_together",
                "after_every_random_commit_gets_scans_and_pages_agree_with_a_sorted_map_model");
    }

    @Test
    void a_store_that_sorts_keys_by_utf16_unit_fails_the_order_and_paging_tests() {
        assertThat(failuresOf(Utf16Order.class)).contains(
                "keys_sort_by_code_point_which_is_utf8_byte_order_not_by_utf16_unit",
                "paging_by_the_last_key_read_returns_every_entry_once_in_order_with_unicode_keys")
                .doesNotContain("a_scan_returns_the_keys_under_the_prefix_in_key_order_and_nothing_beside_them");
    }

    @Test
    void a_store_that_ignores_the_key_to_start_after_fails_the_paging_tests_instead_of_paging_for_ever() {
        assertThat(failuresOf(IgnoresAfterKey.class)).contains(
                "a_scan_starts_strictly_after_the_given_key",
                "paging_by_the_last_key_read_returns_every_entry_once_in_order_with_unicode_keys",
                "for_each_hands_every_entry_of_a_prefix_once_in_order_across_pages");
    }

    @Test
    void a_store_that_keeps_and_hands_out_the_callers_arrays_fails_the_copy_tests() {
        assertThat(failuresOf(SharesArrays.class)).contains(
                "changing_the_array_after_a_put_does_not_change_the_stored_value",
                "changing_an_array_that_get_or_scan_returned_does_not_change_the_stored_value");
    }

    @Test
    void a_store_that_ignores_the_key_limit_fails_the_limit_tests() {
        assertThat(failuresOf(NoKeyLimit.class)).contains(
                "a_key_one_utf8_byte_over_the_limit_is_refused_with_the_limit_and_its_size",
                "a_read_model_and_its_checkpoint_move_together");
    }

    @Test
    void a_store_that_keeps_answering_after_close_fails_the_closing_tests() {
        assertThat(failuresOf(NeverCloses.class)).contains(
                "a_closed_store_refuses_reads_scans_and_commits_with_store_closed",
                "committers_racing_a_close_each_either_commit_or_get_store_closed_and_none_hangs");
    }

    @Test
    void a_store_that_checks_then_writes_in_two_steps_fails_the_racing_conditional_commits_test() {
        assertThat(failuresOf(CheckThenWrite.class)).contains(
                "committers_that_read_and_write_one_key_at_once_lose_no_increment")
                .doesNotContain("a_commit_whose_key_changed_writes_nothing_and_names_the_key");
    }

    @Test
    void a_store_whose_lazy_commits_show_only_after_the_next_commit_fails_the_lazy_commit_tests() {
        assertThat(failuresOf(LazyShowsLate.class)).contains(
                "a_lazy_commit_is_visible_when_it_returns_with_every_write_in_order",
                "lazy_and_durable_commits_apply_in_the_order_they_were_made");
    }

    @Test
    void a_store_that_clears_everything_on_an_empty_prefix_fails_the_prefix_test() {
        assertThat(failuresOf(EmptyPrefixWipes.class)).contains(
                "an_empty_prefix_is_refused_rather_than_wiping_every_namespace");
    }

    private record Run(Set<String> finished, Set<String> failed) {}

    private static Set<String> failuresOf(Class<? extends StateStoreConformance> conformance) {
        var run = run(conformance);
        assertThat(run.finished()).as("tests run against %s", conformance.getSimpleName()).hasSize(KIT_TESTS);
        return run.failed();
    }

    private static Run run(Class<? extends StateStoreConformance> conformance) {
        var finished = ConcurrentHashMap.<String>newKeySet();
        var failed = ConcurrentHashMap.<String>newKeySet();
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(conformance))
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .build();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest()) {
                    finished.add(test.getUniqueId());
                }
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL
                        && test.getSource().orElse(null) instanceof MethodSource method) {
                    failed.add(method.getMethodName());
                }
            }
        });
        return new Run(finished, failed);
    }

    /** Passes everything on to a real in-memory store; each broken store overrides one method. */
    private static class Forwarding implements StateStore {
        final StateStore delegate = new InMemoryStateStore();

        @Override
        public Optional<byte[]> get(String key) {
            return delegate.get(key);
        }

        @Override
        public List<StateEntry> scan(String prefix, String afterKey, int limit) {
            return delegate.scan(prefix, afterKey, limit);
        }

        @Override
        public void commit(List<StateWrite> writes) {
            delegate.commit(writes);
        }

        @Override
        public void commitIf(String key, byte[] expected, List<StateWrite> writes) {
            delegate.commitIf(key, expected, writes);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    static class InMemory extends StateStoreConformance {
        @Override
        protected StateStore newStore() {
            return new InMemoryStateStore();
        }
    }

    static class WriteByWrite extends StateStoreConformance {
        @Override
        protected StateStore newStore() {
            return new Forwarding() {
                @Override
                public void commit(List<StateWrite> writes) {
                    for (StateWrite write : writes) {
                        delegate.commit(List.of(write));
                    }
                }
            };
        }
    }

    static class Utf16Order extends StateStoreConformance {
        @Override
        protected StateStore newStore() {
            return new Forwarding() {
                @Override
                public List<StateEntry> scan(String prefix, String afterKey, int limit) {
                    var all = new ArrayList<>(delegate.scan(prefix, Integer.MAX_VALUE));
                    all.sort((a, b) -> a.key().compareTo(b.key()));
                    return all.stream().filter(e -> e.key().compareTo(afterKey) > 0).limit(limit).toList();
                }
            };
        }
    }

    static class IgnoresAfterKey extends StateStoreConformance {
        @Override
        protected StateStore newStore() {
            return new Forwarding() {
                @Override
                public List<StateEntry> scan(String prefix, String afterKey, int limit) {
                    return delegate.scan(prefix, "", limit);
                }
            };
        }
    }

    static class NoKeyLimit extends StateStoreConformance {
        @Override
        protected StateStore newStore() {
            return new Forwarding() {
                @Override
                public void commit(List<StateWrite> writes) {
                    // Long keys are quietly cut to the limit instead of refused.
                    delegate.commit(writes.stream().map(w -> w instanceof StateWrite.Put put
                            && put.key().length() > 300 ? StateWrite.put(put.key().substring(0, 300), put.value()) : w)
                            .toList());
                }
            };
        }
    }

    static class NeverCloses extends StateStoreConformance {
        @Override
        protected StateStore newStore() {
            return new Forwarding() {
                @Override
                public void close() {}
            };
        }
    }

    /** Checks the key, then commits as a second step: another committer can write in between. */
    static class CheckThenWrite extends StateStoreConformance {
        @Override
        protected StateStore newStore() {
            return new Forwarding() {
                @Override
                public void commitIf(String key, byte[] expected, List<StateWrite> writes) {
                    if (!Arrays.equals(delegate.get(key).orElse(null), expected)) {
                        throw new StateConflict(key);
                    }
                    Thread.yield(); // the window a store without one atomic step leaves open
                    delegate.commit(writes);
                }
            };
        }
    }

    static class LazyShowsLate extends StateStoreConformance {
        @Override
        protected StateStore newStore() {
            return new Forwarding() {
                private final List<StateWrite> waiting = new ArrayList<>();

                @Override
                public synchronized void commitLazily(List<StateWrite> writes) {
                    waiting.addAll(writes); // applied with the next durable commit, as a buffer that forgot reads
                }

                @Override
                public synchronized void commit(List<StateWrite> writes) {
                    var all = new ArrayList<>(waiting);
                    all.addAll(writes);
                    waiting.clear();
                    delegate.commit(all);
                }
            };
        }
    }

    static class EmptyPrefixWipes extends StateStoreConformance {
        @Override
        protected StateStore newStore() {
            return new Forwarding() {
                @Override
                public void commit(List<StateWrite> writes) {
                    if (writes.equals(List.of(StateWrite.deletePrefix("")))) {
                        for (var entry : delegate.scan("", Integer.MAX_VALUE)) {
                            delegate.commit(List.of(StateWrite.delete(entry.key())));
                        }
                        return;
                    }
                    delegate.commit(writes);
                }
            };
        }
    }

    /** A store that keeps the caller's arrays and hands out its own: sorted right, checked right, never copied. */
    static class SharesArrays extends StateStoreConformance {
        @Override
        protected StateStore newStore() {
            return new Forwarding() {
                private final Map<String, byte[]> arrays = new TreeMap<>(InMemoryStateStore.KEY_ORDER);

                @Override
                public synchronized void commit(List<StateWrite> writes) {
                    delegate.commit(writes);
                    for (StateWrite write : writes) {
                        if (write instanceof StateWrite.Put put) {
                            arrays.put(put.key(), put.value());
                        }
                    }
                }

                @Override
                public synchronized Optional<byte[]> get(String key) {
                    return delegate.get(key).map(copy -> arrays.getOrDefault(key, copy));
                }

                @Override
                public synchronized List<StateEntry> scan(String prefix, String afterKey, int limit) {
                    return delegate.scan(prefix, afterKey, limit).stream()
                            .map(e -> new StateEntry(e.key(), arrays.getOrDefault(e.key(), e.value()))).toList();
                }
            };
        }
    }
}

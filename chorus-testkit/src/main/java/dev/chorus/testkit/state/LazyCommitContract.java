package dev.chorus.testkit.state;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ValidationError;
import dev.chorus.core.state.StateWrite;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A lazy commit ({@link dev.chorus.core.state.StateStore#commitLazily}) is a commit in every way but when it is
 * durable: visible when it returns, all or nothing, in order with every other commit. When it is durable is the
 * store's to test (a crash, a reopen), not this contract's.
 */
public abstract class LazyCommitContract extends StateContract {
    protected LazyCommitContract(StateFixture fixture) {
        super(fixture);
    }

    @Test
    void a_lazy_commit_is_visible_when_it_returns_with_every_write_in_order() {
        store().commit(List.of(put("view/a", "1"), put("view/b", "2"), put("other", "x")));

        store().commitLazily(List.of(StateWrite.deletePrefix("view/"), put("view/c", "3"), put("view/a", "4"),
                StateWrite.delete("other")));

        assertThat(texts("")).containsOnly(entry("view/a", "4"), entry("view/c", "3"));
    }

    @Test
    void a_lazy_commit_with_a_bad_write_applies_none_of_its_writes() {
        store().commit(List.of(put("view/a", "1")));

        assertThatThrownBy(() -> store().commitLazily(List.of(StateWrite.delete("view/a"), put("", "empty key"))))
                .isInstanceOf(ValidationError.class);

        assertThat(texts("")).containsOnly(entry("view/a", "1"));
    }

    @Test
    void lazy_and_durable_commits_apply_in_the_order_they_were_made() {
        for (int i = 0; i < 50; i++) {
            var write = List.<StateWrite>of(put("k", "v" + i), put("seen/" + i, "" + i));
            if (i % 3 == 0) {
                store().commit(write);
            } else {
                store().commitLazily(write);
            }
            assertThat(textAt("k")).as("after commit %d", i).isEqualTo("v" + i);
        }
        assertThat(texts("seen/")).hasSize(50);
    }
}

package dev.chorus.testkit.state;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.LimitExceeded;
import dev.chorus.core.ValidationError;
import dev.chorus.core.state.StateWrite;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A commit applies every write in order, or none of them. */
public abstract class AtomicityContract extends StateContract {
    protected AtomicityContract(StateFixture fixture) {
        super(fixture);
    }

    private Map<String, String> given_rows_one_and_two() {
        store().commit(List.of(put("row/1", "one"), put("row/2", "two")));
        return texts("");
    }

    @Test
    void a_commit_whose_last_write_has_an_empty_key_applies_none_of_its_writes() {
        var before = given_rows_one_and_two();

        assertThatThrownBy(() -> store().commit(List.of(put("row/3", "three"), StateWrite.delete("row/1"),
                StateWrite.deletePrefix("row/"), put("", "empty key")))).isInstanceOf(ValidationError.class);

        assertThat(texts("")).isEqualTo(before);
    }

    @Test
    void a_commit_with_a_value_over_the_limit_applies_none_of_its_writes() {
        var before = given_rows_one_and_two();

        assertThatThrownBy(() -> store().commit(List.of(StateWrite.delete("row/2"), put("row/3", "three"),
                StateWrite.put("row/big", new byte[fixture().maxValueBytes() + 1])))).isInstanceOf(LimitExceeded.class);

        assertThat(texts("")).isEqualTo(before);
    }

    @Test
    void a_commit_whose_middle_write_has_a_lone_surrogate_applies_none_of_its_writes() {
        var before = given_rows_one_and_two();

        assertThatThrownBy(() -> store().commit(List.of(put("row/3", "three"), StateWrite.delete("bad/\uD83D"),
                StateWrite.delete("row/1")))).isInstanceOf(ValidationError.class);

        assertThat(texts("")).isEqualTo(before);
    }

    @Test
    void a_commit_holding_a_null_write_applies_none_of_its_writes() {
        var before = given_rows_one_and_two();

        assertThatThrownBy(() -> store().commit(Arrays.asList(put("row/3", "three"), null)))
                .isInstanceOf(NullPointerException.class);

        assertThat(texts("")).isEqualTo(before);
    }

    @Test
    void a_refused_commit_leaves_the_store_usable() {
        given_rows_one_and_two();
        assertThatThrownBy(() -> store().commit(List.of(put("row/3", "three"), put("", "x"))))
                .isInstanceOf(ValidationError.class);

        store().commit(List.of(put("row/3", "three")));

        assertThat(texts("")).containsExactly(entry("row/1", "one"), entry("row/2", "two"), entry("row/3", "three"));
    }

    @Test
    void of_two_puts_of_one_key_in_a_commit_the_later_wins() {
        store().commit(List.of(put("k", "first"), put("k", "second")));

        assertThat(textAt("k")).isEqualTo("second");
    }

    @Test
    void a_put_then_a_delete_of_one_key_in_a_commit_leaves_it_absent() {
        store().put("k", bytes("before"));

        store().commit(List.of(put("k", "during"), StateWrite.delete("k")));

        assertThat(store().get("k")).isEmpty();
    }

    @Test
    void a_delete_then_a_put_of_one_key_in_a_commit_leaves_the_put() {
        store().put("k", bytes("before"));

        store().commit(List.of(StateWrite.delete("k"), put("k", "after")));

        assertThat(textAt("k")).isEqualTo("after");
    }

    @Test
    void a_delete_prefix_removes_only_what_was_put_before_it_in_the_same_commit() {
        store().put("m/old", bytes("old"));

        store().commit(List.of(put("m/early", "early"), StateWrite.deletePrefix("m/"), put("m/late", "late")));

        assertThat(texts("")).containsExactly(entry("m/late", "late"));
    }

    @Test
    void a_read_model_and_its_checkpoint_move_together() {
        store().commit(List.of(put("orders/1", "placed"), put("checkpoint/orders", "1")));
        assertThatThrownBy(() -> store().commit(List.of(put("orders/2", "placed"), put("checkpoint/orders", "2"),
                put("x".repeat(2_000), "too long a key")))).isInstanceOf(LimitExceeded.class);

        assertThat(texts("")).containsExactly(entry("checkpoint/orders", "1"), entry("orders/1", "placed"));
    }
}

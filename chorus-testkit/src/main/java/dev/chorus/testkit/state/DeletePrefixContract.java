package dev.chorus.testkit.state;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ValidationError;
import dev.chorus.core.state.StateWrite;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clearing a namespace, as a read model does before a rebuild: exactly the keys that start with the prefix. */
public abstract class DeletePrefixContract extends StateContract {
    protected DeletePrefixContract(StateFixture fixture) {
        super(fixture);
    }

    @Test
    void every_key_starting_with_the_prefix_goes_including_the_prefix_itself_and_nothing_else() {
        store().commit(List.of(put("rm/orders/", "itself"), put("rm/orders/1", "1"), put("rm/orders/2/x", "2"),
                put("rm/orders/😀", "3"), put("rm/orders", "bare"), put("rm/orders0", "after"), put("rm/order", "before"),
                put("checkpoint/rm", "7")));

        store().commit(List.of(StateWrite.deletePrefix("rm/orders/")));

        assertThat(texts("")).containsExactly(entry("checkpoint/rm", "7"), entry("rm/order", "before"),
                entry("rm/orders", "bare"), entry("rm/orders0", "after"));
    }

    @Test
    void deleting_a_prefix_nothing_starts_with_is_harmless() {
        store().put("a/1", bytes("1"));

        store().commit(List.of(StateWrite.deletePrefix("b/")));

        assertThat(texts("")).containsExactly(entry("a/1", "1"));
    }

    @Test
    void deleting_a_prefix_with_many_keys_removes_them_all() {
        var writes = new ArrayList<StateWrite>();
        for (int i = 0; i < 2_000; i++) {
            writes.add(put("big/" + i, "v" + i));
        }
        writes.add(put("bih", "stays"));
        writes.add(put("bif", "stays"));
        store().commit(writes);

        store().commit(List.of(StateWrite.deletePrefix("big/")));

        assertThat(texts("")).containsOnlyKeys("bif", "bih");
    }

    @Test
    void an_empty_prefix_is_refused_rather_than_wiping_every_namespace() {
        store().put("checkpoint/projection", bytes("42"));

        assertThatThrownBy(() -> store().commit(List.of(StateWrite.deletePrefix(""))))
                .isInstanceOf(ValidationError.class);

        assertThat(texts("")).containsOnlyKeys("checkpoint/projection");
    }

    @Test
    void a_rebuild_clears_the_model_and_writes_it_again_with_its_checkpoint_in_one_commit() {
        store().commit(List.of(put("model/a", "old"), put("model/b", "old"), put("checkpoint/model", "10")));

        store().commit(List.of(StateWrite.deletePrefix("model/"), put("model/c", "new"), put("checkpoint/model", "0")));

        assertThat(texts("")).containsExactly(entry("checkpoint/model", "0"), entry("model/c", "new"));
    }
}

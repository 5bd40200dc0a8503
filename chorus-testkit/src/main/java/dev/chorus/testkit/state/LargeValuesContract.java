package dev.chorus.testkit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.LimitExceeded;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateWrite;
import java.util.ArrayList;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Snapshots are big: a value up to the store's limit goes in and comes out whole; one byte more is refused. */
public abstract class LargeValuesContract extends StateContract {
    protected LargeValuesContract(StateFixture fixture) {
        super(fixture);
    }

    @Test
    void a_value_of_exactly_the_limit_is_read_back_byte_for_byte() {
        byte[] value = random(fixture().maxValueBytes(), 1);

        store().put("snapshot/order-1", value);

        assertThat(store().get("snapshot/order-1")).hasValueSatisfying(read -> assertThat(read).isEqualTo(value));
    }

    @Test
    void a_value_one_byte_over_the_limit_is_refused_with_the_limit_and_its_size() {
        int limit = fixture().maxValueBytes();

        assertThatThrownBy(() -> store().put("snapshot/order-1", new byte[limit + 1]))
                .isInstanceOfSatisfying(LimitExceeded.class, e -> {
                    assertThat(e.limit()).isEqualTo(limit);
                    assertThat(e.actual()).isEqualTo(limit + 1L);
                });
        assertThat(store().get("snapshot/order-1")).isEmpty();
    }

    @Test
    void a_commit_of_many_megabyte_values_lands_whole() {
        var writes = new ArrayList<StateWrite>();
        for (int i = 0; i < 8; i++) {
            writes.add(StateWrite.put("snapshot/" + i, random(1 << 20, i)));
        }

        store().commit(writes);

        var read = store().scan("snapshot/", 100);
        assertThat(read).hasSize(8);
        for (int i = 0; i < 8; i++) {
            assertThat(read.get(i)).isEqualTo(new StateEntry("snapshot/" + i, random(1 << 20, i)));
        }
    }

    @Test
    void a_large_value_replaced_by_a_small_one_reads_as_the_small_one() {
        store().put("snapshot/1", random(4 << 20, 7));

        store().put("snapshot/1", bytes("small"));

        assertThat(textAt("snapshot/1")).isEqualTo("small");
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }
}

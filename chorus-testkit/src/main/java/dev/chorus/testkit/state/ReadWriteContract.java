package dev.chorus.testkit.state;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.state.StateWrite;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Put, get, overwrite and delete single keys; what goes in is what comes out, and nobody else's array is kept. */
public abstract class ReadWriteContract extends StateContract {
    protected ReadWriteContract(StateFixture fixture) {
        super(fixture);
    }

    @Test
    void a_key_that_was_never_written_is_absent() {
        assertThat(store().get("projection/orders/row/1")).isEmpty();
    }

    @Test
    void present_names_exactly_the_keys_held_among_those_asked_for() {
        store().commit(List.of(put("row/1", "one"), put("row/é", "two"), put("row/3", ""), put("other", "x")));
        store().commit(List.of(StateWrite.delete("row/3")));

        assertThat(store().present(List.of("row/1", "row/é", "row/3", "row/4", "row/1")))
                .containsExactlyInAnyOrder("row/1", "row/é");
        assertThat(store().present(List.of())).isEmpty();
    }

    @Test
    void a_put_value_is_read_back_byte_for_byte() {
        byte[] value = {0, 1, -1, 127, -128, 42};

        store().put("projection/orders/row/1", value);

        assertThat(store().get("projection/orders/row/1")).hasValueSatisfying(read -> assertThat(read).isEqualTo(value));
    }

    @Test
    void an_empty_value_is_a_value_not_an_absence() {
        store().put("saga/order-1", new byte[0]);

        assertThat(store().get("saga/order-1")).hasValueSatisfying(read -> assertThat(read).isEmpty());
        assertThat(store().scan("saga/", 10)).hasSize(1);
    }

    @Test
    void a_second_put_replaces_the_value() {
        store().put("row/1", bytes("first"));

        store().put("row/1", bytes("second, and longer"));

        assertThat(textAt("row/1")).isEqualTo("second, and longer");
        assertThat(texts("")).containsOnlyKeys("row/1");
    }

    @Test
    void a_deleted_key_is_absent_and_its_neighbours_stay() {
        store().commit(List.of(put("row/1", "one"), put("row/2", "two"), put("row/3", "three")));

        store().commit(List.of(StateWrite.delete("row/2")));

        assertThat(store().get("row/2")).isEmpty();
        assertThat(texts("row/")).containsExactly(entry("row/1", "one"), entry("row/3", "three"));
    }

    @Test
    void deleting_a_key_that_does_not_exist_is_harmless() {
        store().put("row/1", bytes("one"));

        store().commit(List.of(StateWrite.delete("row/404")));

        assertThat(texts("")).containsOnlyKeys("row/1");
    }

    @Test
    void unicode_keys_are_kept_exactly() {
        var keys = List.of("Bestellung/Größe", "注文/42", "🎵/track-1", "mixed/é😀日", "space in/key", "tab\there");
        for (String key : keys) {
            store().put(key, bytes("value of " + key));
        }

        for (String key : keys) {
            assertThat(textAt(key)).as(key).isEqualTo("value of " + key);
        }
        assertThat(texts("")).containsOnlyKeys(keys);
    }

    @Test
    void changing_the_array_after_a_put_does_not_change_the_stored_value() {
        byte[] value = bytes("original");
        store().put("row/1", value);

        value[0] = 'X';

        assertThat(textAt("row/1")).isEqualTo("original");
    }

    @Test
    void changing_an_array_that_get_or_scan_returned_does_not_change_the_stored_value() {
        store().put("row/1", bytes("original"));

        store().get("row/1").orElseThrow()[0] = 'X';
        store().scan("row/", 10).getFirst().value()[1] = 'Y';

        assertThat(textAt("row/1")).isEqualTo("original");
    }

    @Test
    void an_empty_commit_changes_nothing() {
        store().put("row/1", bytes("one"));

        store().commit(List.of());

        assertThat(texts("")).containsExactly(entry("row/1", "one"));
    }
}

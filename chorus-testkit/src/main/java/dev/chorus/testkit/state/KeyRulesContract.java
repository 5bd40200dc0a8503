package dev.chorus.testkit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.LimitExceeded;
import dev.chorus.core.ValidationError;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keys are 1 to {@link StateStore#MAX_KEY_BYTES} UTF-8 bytes of well-formed UTF-16 (a lone surrogate has no UTF-8
 * form); a scan asks for at least one entry. Breaking a rule is a typed error that names the field.
 */
public abstract class KeyRulesContract extends StateContract {
    protected KeyRulesContract(StateFixture fixture) {
        super(fixture);
    }

    @Test
    void a_key_of_exactly_the_limit_in_utf8_bytes_is_accepted_though_it_has_fewer_characters() {
        String key = "€".repeat(StateStore.MAX_KEY_BYTES / 3) + "a".repeat(StateStore.MAX_KEY_BYTES % 3);

        store().put(key, bytes("v"));

        assertThat(textAt(key)).isEqualTo("v");
        assertThat(store().scan("€€€", 10)).hasSize(1);
    }

    @Test
    void a_key_one_utf8_byte_over_the_limit_is_refused_with_the_limit_and_its_size() {
        String key = "€".repeat(StateStore.MAX_KEY_BYTES / 3) + "a".repeat(StateStore.MAX_KEY_BYTES % 3 + 1);

        assertThatThrownBy(() -> store().put(key, bytes("v"))).isInstanceOfSatisfying(LimitExceeded.class, e -> {
            assertThat(e.limit()).isEqualTo(StateStore.MAX_KEY_BYTES);
            assertThat(e.actual()).isEqualTo(StateStore.MAX_KEY_BYTES + 1);
        });
        assertThat(store().scan("", 10)).isEmpty();
    }

    @Test
    void an_empty_key_is_refused_for_a_put_and_a_delete() {
        assertThatThrownBy(() -> store().put("", bytes("v"))).isInstanceOf(ValidationError.class);
        assertThatThrownBy(() -> store().commit(List.of(StateWrite.delete("")))).isInstanceOf(ValidationError.class);
    }

    @Test
    void a_key_with_a_lone_surrogate_is_refused_but_a_whole_pair_is_fine() {
        assertThatThrownBy(() -> store().put("half/\uD83D", bytes("v"))).isInstanceOf(ValidationError.class);
        assertThatThrownBy(() -> store().put("half/\uDE00x", bytes("v"))).isInstanceOf(ValidationError.class);

        store().put("whole/\uD83D\uDE00", bytes("v"));

        assertThat(textAt("whole/😀")).isEqualTo("v");
    }

    @Test
    void a_delete_prefix_longer_than_a_key_may_be_is_refused() {
        assertThatThrownBy(() -> store().commit(List.of(StateWrite.deletePrefix("p".repeat(StateStore.MAX_KEY_BYTES + 1)))))
                .isInstanceOf(LimitExceeded.class);
    }

    @Test
    void reading_an_empty_key_is_refused() {
        assertThatThrownBy(() -> store().get("")).isInstanceOf(ValidationError.class);
    }

    @Test
    void a_scan_for_no_entries_or_fewer_is_refused() {
        assertThatThrownBy(() -> store().scan("a", 0)).isInstanceOfSatisfying(ValidationError.class,
                e -> assertThat(e.field()).isEqualTo("limit"));
        assertThatThrownBy(() -> store().scan("a", "", -1)).isInstanceOf(ValidationError.class);
    }

    @Test
    void control_characters_and_slashes_are_ordinary_key_characters() {
        var keys = List.of("a\u0000b", "a\nb", "/", "//", "a/../b");
        store().commit(keys.stream().map(k -> put(k, k)).toList());

        for (String key : keys) {
            assertThat(textAt(key)).isEqualTo(key);
        }
    }
}

package dev.chorus.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.memory.InMemoryStateStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class NamespacedTest {
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final Namespaced view = new Namespaced(store, "board/payments/");

    @Test
    void what_the_view_writes_lives_under_its_namespace_and_reads_back_without_it() {
        store.put("deadletter/x@1", bytes("the store's own"));

        view.commit(List.of(StateWrite.put("deadletter/a@1", bytes("one")), StateWrite.put("deadletter/a@2", bytes("two")),
                StateWrite.put("other/z", bytes("three"))));

        assertThat(store.get("board/payments/deadletter/a@1")).isPresent();
        assertThat(view.get("deadletter/x@1")).as("the rest of the store is out of view").isEmpty();
        assertThat(view.scan("deadletter/", 10)).extracting(StateEntry::key)
                .containsExactly("deadletter/a@1", "deadletter/a@2");
        assertThat(view.scan("deadletter/", "deadletter/a@1", 10)).extracting(StateEntry::key)
                .containsExactly("deadletter/a@2");
    }

    @Test
    void deletes_and_prefix_deletes_stay_inside_the_namespace() {
        store.put("deadletter/x@1", bytes("the store's own"));
        view.commit(List.of(StateWrite.put("deadletter/a@1", bytes("one")), StateWrite.put("other/z", bytes("z"))));

        view.commit(List.of(StateWrite.deletePrefix("deadletter/"), StateWrite.delete("other/z")));

        assertThat(view.scan("", 10)).isEmpty();
        assertThat(store.get("deadletter/x@1")).isPresent();
    }

    @Test
    void a_conditional_commit_checks_and_writes_the_key_inside_the_namespace() {
        store.put("deadletter/a@1", bytes("the store's own"));
        view.put("deadletter/a@1", bytes("open"));

        assertThatThrownBy(() -> view.commitIf("deadletter/a@1", bytes("the store's own"),
                List.of(StateWrite.put("deadletter/a@1", bytes("discarded"))))).isInstanceOf(StateConflict.class);
        view.commitIf("deadletter/a@1", bytes("open"), List.of(StateWrite.put("deadletter/a@1", bytes("discarded"))));

        assertThat(view.get("deadletter/a@1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("discarded")));
        assertThat(store.get("deadletter/a@1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("the store's own")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

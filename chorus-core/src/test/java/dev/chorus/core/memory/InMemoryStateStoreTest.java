package dev.chorus.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateWrite;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store keeps values by key and the keys' order beside them; these are the ways the two could drift
 * apart (the conformance kit in chorus-testkit covers the rest of the contract).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class InMemoryStateStoreTest {
    private final InMemoryStateStore store = new InMemoryStateStore();

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> rows(List<StateEntry> entries) {
        return entries.stream().map(e -> e.key() + "=" + new String(e.value(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void a_key_rewritten_many_times_is_scanned_once_in_its_place_with_its_last_value() {
        store.commit(List.of(StateWrite.put("r/b", utf8("1")), StateWrite.put("r/a", utf8("1")),
                StateWrite.put("r/c", utf8("1"))));
        for (int i = 2; i <= 5; i++) {
            store.commit(List.of(StateWrite.put("r/b", utf8(String.valueOf(i)))));
        }

        assertThat(rows(store.scan("r/", 10))).containsExactly("r/a=1", "r/b=5", "r/c=1");
    }

    @Test
    void a_key_deleted_and_written_again_comes_back_in_its_place_and_a_deleted_one_stays_gone() {
        store.commit(List.of(StateWrite.put("r/1", utf8("a")), StateWrite.put("r/2", utf8("b")),
                StateWrite.put("r/3", utf8("c"))));
        store.commit(List.of(StateWrite.delete("r/2"), StateWrite.delete("r/3"), StateWrite.delete("r/missing")));
        store.commit(List.of(StateWrite.put("r/2", utf8("B"))));

        assertThat(rows(store.scan("r/", 10))).containsExactly("r/1=a", "r/2=B");
        assertThat(store.get("r/3")).isEmpty();
    }

    @Test
    void within_one_commit_a_put_after_a_delete_keeps_the_key_and_a_delete_after_a_put_drops_it() {
        store.commit(List.of(StateWrite.put("r/1", utf8("a")), StateWrite.delete("r/1"),
                StateWrite.put("r/1", utf8("b")), StateWrite.put("r/2", utf8("c")), StateWrite.delete("r/2")));

        assertThat(rows(store.scan("r/", 10))).containsExactly("r/1=b");
        assertThat(store.get("r/2")).isEmpty();
    }

    @Test
    void a_cleared_prefix_drops_keys_from_scans_and_reads_and_keys_written_after_it_come_back() {
        store.commit(List.of(StateWrite.put("p/a", utf8("1")), StateWrite.put("p/b", utf8("2")),
                StateWrite.put("q/a", utf8("3"))));
        store.commit(List.of(StateWrite.deletePrefix("p/"), StateWrite.put("p/b", utf8("new"))));

        assertThat(rows(store.scan("", 10))).containsExactly("p/b=new", "q/a=3");
        assertThat(store.get("p/a")).isEmpty();
    }
}

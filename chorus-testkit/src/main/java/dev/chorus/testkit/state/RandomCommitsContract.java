package dev.chorus.testkit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ValidationError;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Random commits, checked after each one against a model that is nothing but a map sorted by UTF-8 bytes: what
 * the store reads, scans and pages must be exactly the model. A failure prints the seed to replay it with.
 */
public abstract class RandomCommitsContract extends StateContract {
    private static final int TRIES = 40;
    private static final List<String> PREFIXES = List.of("a/", "a/x/", "b/", "é/", "😀/", "\uFFFD/", "a", "");
    private static final Gen<String> KEYS = Gen.combine(Gen.oneOf(PREFIXES.toArray(String[]::new)),
            Gen.strings("ab/é😀\uFFFD日", 0, 3), String::concat);

    /** One commit, and the page size and the key to start after that the check afterwards uses. */
    record Step(List<StateWrite> writes, int pageSize, String probe) {
        @Override
        public String toString() {
            return writes.stream().map(Step::describe).collect(Collectors.joining(", ", "commit[", "]"))
                    + " then pages of " + pageSize + " and probe " + probe;
        }

        private static String describe(StateWrite write) {
            return switch (write) {
                case StateWrite.Put put -> "put(" + put.key() + "=" + HexFormat.of().formatHex(put.value()) + ")";
                case StateWrite.Delete delete -> "delete(" + delete.key() + ")";
                case StateWrite.DeletePrefix prefix -> "deletePrefix(" + prefix.prefix() + ")";
            };
        }
    }

    private static final Gen<StateWrite> WRITES = random -> {
        int kind = random.nextInt(100);
        if (kind < 60) {
            return StateWrite.put(nonEmptyKey(KEYS.next(random)), Gen.bytes(24).next(random));
        } else if (kind < 80) {
            return StateWrite.delete(nonEmptyKey(KEYS.next(random)));
        } else if (kind < 92) {
            return StateWrite.deletePrefix(nonEmptyKey(Gen.oneOf(PREFIXES.toArray(String[]::new)).next(random)
                    + Gen.strings("ab😀", 0, 1).next(random)));
        }
        // Now and then a write that breaks a rule, somewhere in the commit: nothing of that commit may land.
        return random.nextBoolean() ? StateWrite.put("", new byte[1]) : StateWrite.delete("bad/\uDC00");
    };

    private static final Gen<Step> STEPS = random -> new Step(WRITES.list(0, 6).next(random),
            Gen.ints(1, 9).next(random), KEYS.next(random));

    protected RandomCommitsContract(StateFixture fixture) {
        super(fixture);
    }

    @Test
    void after_every_random_commit_gets_scans_and_pages_agree_with_a_sorted_map_model() {
        PropertyCheck.forAll(TRIES, STEPS.list(1, 12), steps -> {
            var store = fixture().open();
            var model = new TreeMap<String, byte[]>(StateContract::utf8Order);
            try {
                for (Step step : steps) {
                    if (step.writes().stream().allMatch(RandomCommitsContract::valid)) {
                        store.commit(step.writes());
                        step.writes().forEach(write -> apply(model, write));
                    } else {
                        assertThatThrownBy(() -> store.commit(step.writes())).as(step.toString())
                                .isInstanceOf(ValidationError.class);
                    }
                    check(store, model, step);
                }
            } finally {
                store.close();
            }
        });
    }

    private static void check(StateStore store, TreeMap<String, byte[]> model, Step step) {
        assertThat(everything(store, "", step.pageSize())).as("everything after %s", step)
                .containsExactlyElementsOf(entries(model, "", ""));
        for (String prefix : PREFIXES) {
            assertThat(store.scan(prefix, step.probe(), 1_000)).as("scan(%s, after %s) after %s", prefix,
                    step.probe(), step).containsExactlyElementsOf(entries(model, prefix, step.probe()));
        }
        if (!step.probe().isEmpty()) {
            assertThat(store.get(step.probe()).orElse(null)).as("get(%s) after %s", step.probe(), step)
                    .isEqualTo(model.get(step.probe()));
        }
    }

    private static List<StateEntry> entries(TreeMap<String, byte[]> model, String prefix, String after) {
        var entries = new ArrayList<StateEntry>();
        for (Map.Entry<String, byte[]> entry : model.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(prefix) && (after.isEmpty() || utf8Order(key, after) > 0)) {
                entries.add(new StateEntry(key, entry.getValue()));
            }
        }
        return entries;
    }

    private static void apply(TreeMap<String, byte[]> model, StateWrite write) {
        switch (write) {
            case StateWrite.Put put -> model.put(put.key(), put.value().clone());
            case StateWrite.Delete delete -> model.remove(delete.key());
            case StateWrite.DeletePrefix prefix -> model.keySet().removeIf(key -> key.startsWith(prefix.prefix()));
        }
    }

    private static boolean valid(StateWrite write) {
        String key = switch (write) {
            case StateWrite.Put put -> put.key();
            case StateWrite.Delete delete -> delete.key();
            case StateWrite.DeletePrefix prefix -> prefix.prefix();
        };
        return !key.isEmpty() && key.codePoints().noneMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
    }

    private static String nonEmptyKey(String key) {
        return key.isEmpty() ? "k" : key;
    }
}

package dev.chorus.core.decider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.decider.internal.StateCache;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StateCacheTest {
    private static StreamState<String> state(String stream, long version) {
        return new StreamState<>(stream, stream + "@" + version, version, version);
    }

    @Test
    void a_later_version_replaces_an_earlier_one_but_never_the_other_way_round() {
        var cache = new StateCache<String>(10);
        cache.offer(state("s", 5));
        cache.offer(state("s", 3));
        assertThat(cache.get("s")).contains(state("s", 5));
        cache.offer(state("s", 6));
        assertThat(cache.get("s")).contains(state("s", 6));
    }

    @Test
    void when_full_the_least_recently_used_stream_goes_first() {
        var cache = new StateCache<String>(2);
        cache.offer(state("a", 0));
        cache.offer(state("b", 0));
        cache.get("a");
        cache.offer(state("c", 0));

        assertThat(cache.get("b")).isEmpty();
        assertThat(cache.get("a")).isPresent();
        assertThat(cache.get("c")).isPresent();
    }

    @Test
    void a_forgotten_stream_is_gone_and_a_fresh_offer_is_kept_again() {
        var cache = new StateCache<String>(10);
        cache.offer(state("s", 9));
        cache.forget("s");
        assertThat(cache.get("s")).isEmpty();
        cache.offer(state("s", 2));
        assertThat(cache.get("s")).contains(state("s", 2));
    }

    @Test
    void many_streams_never_hold_more_than_about_the_capacity() {
        var cache = new StateCache<String>(64);
        for (int i = 0; i < 10_000; i++) {
            cache.offer(state("s" + i, 0));
        }
        int kept = 0;
        for (int i = 0; i < 10_000; i++) {
            kept += cache.get("s" + i).isPresent() ? 1 : 0;
        }
        assertThat(kept).isBetween(32, 64);
    }
}

package dev.chorus.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OwnCommitsTest {
    private final List<Long> released = new ArrayList<>();
    private final OwnCommits commits = new OwnCommits(released::add);

    @Test
    void a_head_no_write_of_this_store_reaches_goes_on_at_once() {
        try (var write = commits.begin()) {
            write.reach(10);
            assertThat(commits.hear(11)).isTrue();
        }
        assertThat(commits.hear(5)).isTrue();
        assertThat(released).isEmpty();
    }

    @Test
    void a_head_heard_while_this_store_s_own_write_is_handed_over_is_held_until_the_write_is_through() {
        var write = commits.begin();
        write.reach(10);

        assertThat(commits.hear(10)).isFalse();
        assertThat(commits.hear(7)).isFalse();
        assertThat(released).isEmpty();

        write.close();
        assertThat(released).containsExactly(10L);
    }

    @Test
    void a_held_head_waits_for_the_last_write_that_covers_it() {
        var first = commits.begin();
        var second = commits.begin();
        first.reach(4);
        second.reach(9);
        assertThat(commits.hear(8)).isFalse();

        first.close();
        assertThat(released).isEmpty();
        second.close();
        assertThat(released).containsExactly(8L);
    }

    @Test
    void a_write_that_failed_before_it_knew_its_head_holds_nothing_back() {
        var failed = commits.begin();
        assertThat(commits.hear(3)).isTrue();
        failed.close();
        assertThat(released).isEmpty();
    }
}

package dev.chorus.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EachTest {
    @Test
    void a_part_that_fails_spares_none_of_the_others_and_the_first_failure_carries_the_later_ones() {
        var stopped = new ArrayList<String>();

        var thrown = catchThrowable(() -> Each.run(List.of("a", "b", "c", "d"), part -> {
            stopped.add(part);
            if (part.equals("b") || part.equals("d")) {
                throw new IllegalStateException(part + " failed");
            }
        }));

        assertThat(stopped).containsExactly("a", "b", "c", "d");
        assertThat(thrown).hasMessage("b failed");
        assertThat(thrown.getSuppressed()).extracting(Throwable::getMessage).containsExactly("d failed");
    }

    @Test
    void nothing_failing_throws_nothing() {
        var stopped = new ArrayList<String>();

        Each.run(List.of("a", "b"), stopped::add);

        assertThat(stopped).containsExactly("a", "b");
    }
}

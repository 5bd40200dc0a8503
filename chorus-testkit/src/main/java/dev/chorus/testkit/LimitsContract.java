package dev.chorus.testkit;

import static dev.chorus.core.ExpectedVersion.any;
import static dev.chorus.core.ExpectedVersion.noStream;
import static dev.chorus.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.LimitExceeded;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.ValidationError;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store refuses input that breaks a rule or a limit with a typed error, before it writes anything. Each test
 * opens a store with small limits, so that breaking them is cheap.
 */
public abstract class LimitsContract extends Contract {
    private static final int EVENT_BYTES = 4 * 1024;
    private static final StoreLimits SMALL = new StoreLimits(EVENT_BYTES, 3 * EVENT_BYTES, 5, 32, 1024);

    protected LimitsContract(StoreFixture fixture) {
        super(fixture);
    }

    @Test
    void an_event_larger_than_the_event_limit_is_refused_and_nothing_is_written() {
        var store = fixture().open(SMALL);

        assertThatThrownBy(() -> store.append("order-1", noStream(), event("x".repeat(EVENT_BYTES + 1))))
                .isInstanceOfSatisfying(LimitExceeded.class, e -> {
                    assertThat(e.limit()).isEqualTo(EVENT_BYTES);
                    assertThat(e.actual()).isGreaterThan(EVENT_BYTES);
                });

        assertThat(store.headPosition()).isZero();
        assertThat(store.streamVersion("order-1")).isEqualTo(-1);
    }

    @Test
    void an_event_well_under_the_event_limit_is_accepted() {
        var store = fixture().open(SMALL);

        assertThat(store.append("order-1", noStream(), event("x".repeat(EVENT_BYTES / 2))).lastVersion()).isZero();
    }

    @Test
    void more_events_than_one_append_may_hold_are_refused_and_nothing_is_written() {
        var store = fixture().open(SMALL);

        assertThatThrownBy(() -> store.append("order-1", noStream(), Collections.nCopies(6, event("e"))))
                .isInstanceOfSatisfying(LimitExceeded.class, e -> assertThat(e.limit()).isEqualTo(5));

        assertThat(store.headPosition()).isZero();
        assertThat(store.append("order-1", noStream(), Collections.nCopies(5, event("e"))).lastVersion())
                .isEqualTo(4);
    }

    @Test
    void events_each_within_the_event_limit_but_together_over_the_append_limit_are_refused_and_none_is_written() {
        var store = fixture().open(SMALL);
        var large = event("x".repeat(EVENT_BYTES - 512));

        assertThatThrownBy(() -> store.append("order-1", noStream(), List.of(large, large, large, large)))
                .isInstanceOfSatisfying(LimitExceeded.class, e -> assertThat(e.limit()).isEqualTo(3 * EVENT_BYTES));

        assertThat(store.headPosition()).isZero();
    }

    @Test
    void metadata_over_the_metadata_limit_is_refused_and_nothing_is_written() {
        var store = fixture().open(SMALL);
        var event = event("e").withMetadata(Map.of("note", "n".repeat(2_000)));

        assertThatThrownBy(() -> store.append("order-1", noStream(), event))
                .isInstanceOfSatisfying(LimitExceeded.class, e -> assertThat(e.limit()).isEqualTo(1024));

        assertThat(store.headPosition()).isZero();
    }

    @Test
    void a_stream_id_at_the_length_limit_is_accepted_and_one_character_longer_is_refused() {
        var store = fixture().open(SMALL);

        assertThat(store.append("s".repeat(32), noStream(), event("e")).lastVersion()).isZero();
        assertThatThrownBy(() -> store.append("s".repeat(33), noStream(), event("e")))
                .isInstanceOfSatisfying(LimitExceeded.class, e -> {
                    assertThat(e.limit()).isEqualTo(32);
                    assertThat(e.actual()).isEqualTo(33);
                });
        assertThat(store.headPosition()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "$x", "$all", "order\n1", "order\t1", "nul\u0000", "bell\u0007", "del\u007f",
            " leading", "trailing ", "lone\uD83C"})
    void a_malformed_stream_id_is_refused_and_nothing_is_written(String streamId) {
        store().append("order-1", noStream(), event("placed"));
        var before = everything();

        assertThatThrownBy(() -> store().append(streamId, any(), event("e")))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).isEqualTo("streamId"));

        assertUnchanged(store(), before);
    }

    @Test
    void an_append_without_events_is_refused_and_nothing_is_written() {
        store().append("order-1", noStream(), event("placed"));
        var before = everything();

        assertThatThrownBy(() -> store().append("order-1", any(), List.of()))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).isEqualTo("events"));

        assertUnchanged(store(), before);
    }

    @Test
    void an_empty_append_to_a_new_stream_does_not_create_it() {
        assertThatThrownBy(() -> store().append("order-1", noStream(), List.of()))
                .isInstanceOf(ValidationError.class);

        assertThat(store().streamVersion("order-1")).isEqualTo(-1);
        assertThat(store().append("order-1", noStream(), event("placed")).positions()).containsExactly(0L);
    }
}

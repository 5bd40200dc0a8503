package dev.chorus.core.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.StoreLimits;
import dev.chorus.core.ValidationError;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.memory.InMemoryEventStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TimeTravelTest {
    static final MessageContext ROOT = MessageContext.root();
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final TestClock clock = new TestClock(T0);
    private final InMemoryEventStore store = new InMemoryEventStore(clock, StoreLimits.DEFAULT);
    private final CommandLoop<Bank.Command, Bank.State, Bank.Event> loop = CommandLoop.create(store, BankCodecs.binding(),
            c -> c.clock = clock);
    private final TimeTravel<Bank.State, Bank.Event> travel = TimeTravel.over(store, BankCodecs.binding());

    @AfterEach
    void close_the_store() {
        store.close();
    }

    /**
     * Two accounts interleaved, one minute apart: a1 opened at 0, b2 opened at 1, a1 +10 at 2, b2 +99 at 3,
     * a1 +20 at 4, a1 -5 at 5 (global positions), at T0 + that many minutes.
     */
    private void history() {
        Bank.Command[] commands = {new Bank.Open("a1", "Ada"), new Bank.Open("b2", "Bob"), new Bank.Deposit("a1", 10),
                new Bank.Deposit("b2", 99), new Bank.Deposit("a1", 20), new Bank.Withdraw("a1", 5)};
        for (var command : commands) {
            loop.handle(command, ROOT);
            clock.advance(Duration.ofMinutes(1));
        }
    }

    @Nested
    class By_global_position {
        @Test
        void the_event_at_the_position_itself_is_folded_in() {
            history();

            assertThat(travel.stateAt("account-a1", 4))
                    .isEqualTo(new StreamState<>("account-a1", new Bank.Active("Ada", 30), 2, 4));
        }

        @Test
        void a_position_of_another_stream_shows_this_stream_as_of_its_last_event_before_it() {
            history();

            assertThat(travel.stateAt("account-a1", 3))
                    .isEqualTo(new StreamState<>("account-a1", new Bank.Active("Ada", 10), 1, 2));
        }

        @Test
        void before_the_streams_first_event_it_is_in_the_initial_state() {
            history();

            var before = travel.stateAt("account-b2", 0);

            assertThat(before.state()).isEqualTo(new Bank.None());
            assertThat(before.exists()).isFalse();
            assertThat(before.version()).isEqualTo(-1);
        }

        @Test
        void at_or_past_the_head_it_is_the_current_state() {
            history();

            assertThat(travel.stateAt("account-a1", 5)).isEqualTo(loop.load("account-a1"));
            assertThat(travel.stateAt("account-a1", Long.MAX_VALUE)).isEqualTo(loop.load("account-a1"));
        }

        @Test
        void a_negative_position_is_refused() {
            assertThatThrownBy(() -> travel.stateAt("account-a1", -1)).isInstanceOfSatisfying(ValidationError.class,
                    e -> assertThat(e.field()).isEqualTo("position"));
        }
    }

    @Nested
    class By_instant {
        @Test
        void an_event_recorded_at_the_instant_itself_is_folded_in() {
            history();

            assertThat(travel.stateAt("account-a1", T0.plus(Duration.ofMinutes(4))).state())
                    .isEqualTo(new Bank.Active("Ada", 30));
        }

        @Test
        void an_event_recorded_a_millisecond_after_the_instant_is_not() {
            history();

            assertThat(travel.stateAt("account-a1", T0.plus(Duration.ofMinutes(4)).minusMillis(1)).state())
                    .isEqualTo(new Bank.Active("Ada", 10));
        }

        @Test
        void before_anything_was_recorded_the_stream_is_in_its_initial_state_and_after_it_is_current() {
            history();

            assertThat(travel.stateAt("account-a1", T0.minusSeconds(1)).exists()).isFalse();
            assertThat(travel.stateAt("account-a1", T0.plus(Duration.ofDays(1)))).isEqualTo(loop.load("account-a1"));
        }

        @Test
        void the_fold_stops_at_the_first_event_recorded_after_the_instant_even_if_a_later_one_claims_an_earlier_time() {
            loop.handle(new Bank.Open("a1", "Ada"), ROOT);
            clock.advance(Duration.ofMinutes(10));
            loop.handle(new Bank.Deposit("a1", 10), ROOT);
            clock.set(T0.plus(Duration.ofMinutes(1)));
            loop.handle(new Bank.Deposit("a1", 20), ROOT);

            assertThat(travel.stateAt("account-a1", T0.plus(Duration.ofMinutes(5))))
                    .isEqualTo(new StreamState<>("account-a1", new Bank.Active("Ada", 0), 0, 0));
        }
    }
}

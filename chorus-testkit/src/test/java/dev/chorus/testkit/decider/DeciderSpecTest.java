package dev.chorus.testkit.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.EncodedEvent;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.decider.Decider;
import dev.chorus.testkit.decider.Accounts.AccountCreated;
import dev.chorus.testkit.decider.Accounts.CreateAccount;
import dev.chorus.testkit.decider.Accounts.Deposit;
import dev.chorus.testkit.decider.Accounts.Deposited;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The spec itself: each sentence fails, with a message that says why, when the decider does not match it. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DeciderSpecTest {
    private final DeciderSpec<Accounts.Command, Accounts.State, Accounts.Event> account =
            DeciderSpec.of(new Accounts.Decide());
    private final AccountCreated created = new AccountCreated("a1", "Ada");

    @Nested
    class Then {
        @Test
        void other_events_than_expected_fail_with_both_lists() {
            assertThatThrownBy(() -> account.given(created).when(new Deposit("a1", 5)).then(new Deposited(6)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("when Deposit[accountId=a1, amount=5]")
                    .hasMessageContaining("expected: [Deposited[amount=6]]")
                    .hasMessageContaining("but was:  [Deposited[amount=5]]");
        }

        @Test
        void events_expected_from_a_command_that_is_refused_fail_with_the_refusal() {
            assertThatThrownBy(() -> account.given().when(new Deposit("a1", 5)).then(new Deposited(5)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("but it threw")
                    .hasCauseInstanceOf(Accounts.NoSuchAccount.class);
        }

        @Test
        void nothing_expected_from_a_command_that_changes_something_fails() {
            assertThatThrownBy(() -> account.given(created).when(new Deposit("a1", 5)).thenNothing())
                    .isInstanceOf(AssertionError.class).hasMessageContaining("expected: []");
        }

        @Test
        void another_state_than_expected_fails() {
            assertThatThrownBy(() -> account.given(created).when(new Deposit("a1", 5))
                    .thenState(new Accounts.Open("Ada", 4))).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Open[owner=Ada, balance=5]");
            assertThatThrownBy(() -> account.given(created).thenState(new Accounts.NoAccount()))
                    .isInstanceOf(AssertionError.class);
        }
    }

    @Nested
    class Then_throws {
        @Test
        void a_command_that_is_accepted_fails_with_its_events() {
            assertThatThrownBy(() -> account.given(created).when(new Deposit("a1", 5))
                    .thenThrows(Accounts.InvalidAmount.class)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("but it was accepted with events [Deposited[amount=5]]");
        }

        @Test
        void another_refusal_than_expected_fails_with_it_as_the_cause() {
            assertThatThrownBy(() -> account.given().when(new Deposit("a1", 5))
                    .thenThrows(Accounts.InvalidAmount.class)).isInstanceOf(AssertionError.class)
                    .hasCauseInstanceOf(Accounts.NoSuchAccount.class);
        }

        @Test
        void checks_on_the_refusal_run_and_can_fail() {
            assertThatThrownBy(() -> account.given().when(new Deposit("a1", 5)).thenThrows(
                    Accounts.NoSuchAccount.class, e -> assertThat(e.reason()).isEqualTo("something-else")))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("something-else");
        }

        @Test
        void the_refusal_is_returned_for_further_checks() {
            var refusal = account.given().when(new Deposit("a1", 5)).thenThrows(Accounts.NoSuchAccount.class);
            assertThat(refusal.details()).containsEntry("account", "a1");
        }
    }

    @Nested
    class Purity {
        @Test
        void a_decide_that_answers_differently_when_asked_twice_is_caught() {
            var counter = new AtomicLong();
            var impure = Decider.<Accounts.Command, Accounts.State, Accounts.Event>of(Accounts.NoAccount::new,
                    (command, state) -> List.of(new Deposited(counter.incrementAndGet())), (state, event) -> state);

            assertThatThrownBy(() -> DeciderSpec.of(impure).given().when(new Deposit("a1", 1)).then(new Deposited(1)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("decide is not a pure function");
        }
    }

    @Nested
    class With_a_codec {
        /** Forgets the owner on the way to bytes: the kind of slip a round trip catches. */
        private final EventCodec<Accounts.Event> lossy = new EventCodec<>() {
            @Override
            public EncodedEvent encode(Accounts.Event event) {
                return Accounts.EVENTS.encode(event instanceof AccountCreated c ? new AccountCreated(c.accountId(), "")
                        : event);
            }

            @Override
            public Accounts.Event decode(RecordedEvent event) {
                return Accounts.EVENTS.decode(event);
            }

            @Override
            public boolean knows(String typeName) {
                return Accounts.EVENTS.knows(typeName);
            }
        };

        @Test
        void a_decided_event_that_does_not_read_back_equal_fails() {
            assertThatThrownBy(() -> account.withCodec(lossy).given().when(new CreateAccount("a1", "Ada"))
                    .then(created)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("read back from its bytes (account.AccountCreated/v1)");
        }

        @Test
        void a_given_event_that_does_not_read_back_equal_fails() {
            assertThatThrownBy(() -> account.withCodec(lossy).given(created).when(new Deposit("a1", 1))
                    .then(new Deposited(1))).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("read back from its bytes");
        }

        @Test
        void a_faithful_codec_passes() {
            account.withCodec(Accounts.EVENTS).given(created).when(new Deposit("a1", 1)).then(new Deposited(1));
        }
    }
}

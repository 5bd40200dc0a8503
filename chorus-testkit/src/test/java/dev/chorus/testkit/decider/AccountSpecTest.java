package dev.chorus.testkit.decider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.decider.Decider;
import dev.chorus.core.decider.StreamTerminated;
import dev.chorus.testkit.decider.Accounts.AccountClosed;
import dev.chorus.testkit.decider.Accounts.AccountCreated;
import dev.chorus.testkit.decider.Accounts.CloseAccount;
import dev.chorus.testkit.decider.Accounts.CreateAccount;
import dev.chorus.testkit.decider.Accounts.Deposit;
import dev.chorus.testkit.decider.Accounts.Deposited;
import dev.chorus.testkit.decider.Accounts.Withdraw;
import dev.chorus.testkit.decider.Accounts.Withdrawn;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The account's rules, read as sentences. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AccountSpecTest {
    private final DeciderSpec<Accounts.Command, Accounts.State, Accounts.Event> account =
            DeciderSpec.of(new Accounts.Decide()).withCodec(Accounts.EVENTS);
    private final AccountCreated created = new AccountCreated("a1", "Ada");

    @Nested
    class Creating {
        @Test
        void a_new_account_is_created() {
            account.given().when(new CreateAccount("a1", "Ada")).then(created);
        }

        @Test
        void an_account_is_created_once() {
            account.given(created).when(new CreateAccount("a1", "Bob")).thenThrows(Accounts.AccountExists.class,
                    e -> assertThat(e.details()).containsEntry("account", "a1"));
        }

        @Test
        void a_created_account_is_open_and_empty() {
            account.given(created).thenState(new Accounts.Open("Ada", 0));
        }
    }

    @Nested
    class Depositing {
        @Test
        void a_positive_amount_is_deposited() {
            account.given(created).when(new Deposit("a1", 25)).then(new Deposited(25));
        }

        @Test
        void deposits_add_up() {
            account.given(created, new Deposited(25)).when(new Deposit("a1", 5)).thenState(new Accounts.Open("Ada", 30));
        }

        @Test
        void zero_or_less_is_refused() {
            account.given(created).when(new Deposit("a1", 0)).thenThrows(Accounts.InvalidAmount.class,
                    e -> assertThat(e.reason()).isEqualTo("invalid-amount"));
            account.given(created).when(new Deposit("a1", -3)).thenThrows(Accounts.InvalidAmount.class);
        }

        @Test
        void an_account_that_does_not_exist_takes_no_deposit() {
            account.given().when(new Deposit("a1", 10)).thenThrows(Accounts.NoSuchAccount.class);
        }
    }

    @Nested
    class Withdrawing {
        @Test
        void up_to_the_balance_can_be_withdrawn() {
            account.given(created, new Deposited(50)).when(new Withdraw("a1", 50)).then(new Withdrawn(50));
        }

        @Test
        void more_than_the_balance_is_refused_with_the_balance() {
            account.given(created, new Deposited(50), new Withdrawn(20)).when(new Withdraw("a1", 31))
                    .thenThrows(Accounts.InsufficientFunds.class, e -> assertThat(e.balance()).isEqualTo(30));
        }
    }

    @Nested
    class Closing {
        @Test
        void an_open_account_is_closed() {
            account.given(created).when(new CloseAccount("a1")).then(new AccountClosed());
        }

        @Test
        void closing_a_closed_account_changes_nothing() {
            account.given(created, new AccountClosed()).when(new CloseAccount("a1")).thenNothing();
        }

        @Test
        void a_closed_account_takes_no_deposit() {
            account.given(created, new AccountClosed()).when(new Deposit("a1", 5))
                    .thenThrows(Accounts.NoSuchAccount.class);
        }

        @Test
        void a_closed_stream_is_terminal_so_no_event_may_follow_as_the_command_loop_would_refuse() {
            var rules = new Accounts.Decide();
            // The account's rules, except that every command is answered with a deposit, even on a closed account.
            var careless = new Decider<Accounts.Command, Accounts.State, Accounts.Event>() {
                public Accounts.State initialState() {
                    return rules.initialState();
                }

                public List<Accounts.Event> decide(Accounts.Command command, Accounts.State state) {
                    return List.of(new Deposited(1));
                }

                public Accounts.State evolve(Accounts.State state, Accounts.Event event) {
                    return rules.evolve(state, event);
                }

                public boolean isTerminal(Accounts.State state) {
                    return rules.isTerminal(state);
                }
            };

            DeciderSpec.of(careless).given(created, new AccountClosed()).when(new Deposit("a1", 1))
                    .thenThrows(StreamTerminated.class, e -> assertThat(e.version()).isEqualTo(1));
        }
    }
}

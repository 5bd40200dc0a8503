package dev.chorus.core.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ValidationError;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PoliciesTest {
    @Nested
    class Retry_policy {
        private final RetryPolicy policy = new RetryPolicy(8, Duration.ofMillis(4), Duration.ofMillis(50), 0.25);

        @Test
        void the_backoff_doubles_from_the_initial_wait_and_stops_at_the_cap() {
            assertThat(List.of(1, 2, 3, 4, 5, 6).stream().map(n -> policy.backoff(n, 0).toMillis()).toList())
                    .containsExactly(4L, 8L, 16L, 32L, 50L, 50L);
        }

        @Test
        void jitter_takes_off_at_most_its_share_of_the_wait() {
            assertThat(policy.backoff(2, 0.999_999)).isGreaterThan(Duration.ofMillis(6)).isLessThan(Duration.ofMillis(8));
            assertThat(policy.backoff(2, 0.5)).isEqualTo(Duration.ofMillis(7));
        }

        @Test
        void a_huge_attempt_number_waits_the_cap_without_overflowing() {
            assertThat(policy.backoff(Integer.MAX_VALUE, 0)).isEqualTo(Duration.ofMillis(50));
            var hourly = new RetryPolicy(100, Duration.ofMinutes(30), RetryPolicy.LONGEST, 0);
            assertThat(hourly.backoff(64, 0)).isEqualTo(RetryPolicy.LONGEST);
        }

        @Test
        void zero_backoff_never_waits() {
            assertThat(RetryPolicy.none().backoff(3, 0.3)).isZero();
        }

        @Test
        void nonsense_is_refused_with_the_field_that_is_wrong() {
            assertField(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 0), "maxAttempts");
            assertField(() -> new RetryPolicy(1, Duration.ofMillis(-1), Duration.ZERO, 0), "initialBackoff");
            assertField(() -> new RetryPolicy(1, Duration.ofMillis(5), Duration.ofMillis(4), 0), "maxBackoff");
            assertField(() -> new RetryPolicy(1, Duration.ZERO, Duration.ofDays(1), 0), "maxBackoff");
            assertField(() -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.5), "jitter");
            assertField(() -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Double.NaN), "jitter");
        }

        @Test
        void the_default_retries_a_few_times_within_a_fraction_of_a_second() {
            long worst = 0;
            for (int n = 1; n < RetryPolicy.DEFAULT.maxAttempts(); n++) {
                worst += RetryPolicy.DEFAULT.backoff(n, 0).toMillis();
            }
            assertThat(RetryPolicy.DEFAULT.maxAttempts()).isGreaterThan(1);
            assertThat(worst).isLessThan(1000);
        }
    }

    @Nested
    class Snapshot_policy {
        @Test
        void it_is_due_when_the_event_count_crosses_a_multiple_of_the_interval() {
            var every3 = BankCodecs.snapshotsEvery(3, 1);
            assertThat(every3.isDue(0, 2)).isFalse();
            assertThat(every3.isDue(2, 3)).isTrue();
            assertThat(every3.isDue(3, 5)).isFalse();
            assertThat(every3.isDue(5, 10)).isTrue();
            assertThat(BankCodecs.snapshotsEvery(1, 1).isDue(7, 8)).isTrue();
        }

        @Test
        void nonsense_is_refused_with_the_field_that_is_wrong() {
            assertField(() -> SnapshotPolicy.every("account", 0, BankCodecs.STATE, 1), "every");
            assertField(() -> SnapshotPolicy.every("account", 5, BankCodecs.STATE, 0), "shapeVersion");
            assertField(() -> SnapshotPolicy.every("acc/ount", 5, BankCodecs.STATE, 1), "name");
            assertField(() -> SnapshotPolicy.every("", 5, BankCodecs.STATE, 1), "name");
        }
    }

    @Nested
    class Rejections {
        @Test
        void a_rejection_carries_its_reason_and_a_copy_of_its_details() {
            var details = new HashMap<>(Map.of("balance", "5"));
            var rejection = new Bank.InsufficientFunds(5, 9);
            details.put("balance", "changed");

            assertThat(rejection.reason()).isEqualTo("insufficient-funds");
            assertThat(rejection.details()).containsEntry("balance", "5").containsEntry("requested", "9");
            assertThat(rejection).hasMessageContaining("balance is 5");
        }

        @Test
        void a_reason_that_is_not_kebab_case_is_a_programming_error() {
            assertThatThrownBy(() -> new CommandRejected("Insufficient Funds", "no") {}).isInstanceOf(
                    IllegalArgumentException.class).hasMessageContaining("kebab case");
        }
    }

    @Nested
    class Deciders {
        @Test
        void fold_applies_events_in_order() {
            var account = new Bank.Account();
            var state = account.fold(account.initialState(),
                    List.of(new Bank.Opened("a", "Ada"), new Bank.Deposited(7), new Bank.Withdrawn(2)));
            assertThat(state).isEqualTo(new Bank.Active("Ada", 5));
        }

        @Test
        void a_decider_made_of_functions_is_not_terminal_unless_it_says_so() {
            var counter = Decider.<Integer, Integer, Integer>of(() -> 0, (c, s) -> List.of(c), Integer::sum);
            assertThat(counter.fold(counter.initialState(), counter.decide(5, 0))).isEqualTo(5);
            assertThat(counter.isTerminal(5)).isFalse();
        }
    }

    private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}

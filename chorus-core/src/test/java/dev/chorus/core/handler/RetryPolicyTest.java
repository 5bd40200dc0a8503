package dev.chorus.core.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ConcurrencyConflict;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.ValidationError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Nested
    class By_default {
        @Test
        void tries_three_times_waiting_100_then_200_milliseconds() {
            var policy = RetryPolicy.defaults();

            assertThat(policy.maxAttempts()).isEqualTo(3);
            assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofMillis(100));
            assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ofMillis(200));
        }

        @Test
        void retries_retriable_exceptions_and_nothing_else() {
            var policy = RetryPolicy.defaults();

            assertThat(policy.isRetriable(new ConcurrencyConflict("s", ExpectedVersion.noStream(), 3))).isTrue();
            assertThat(policy.isRetriable(new Transient("x"))).isTrue();
            assertThat(policy.isRetriable(new IllegalStateException("bug"))).isFalse();
            assertThat(policy.isRetriable(new ValidationError("f", "bad data"))).isFalse();
        }
    }

    @Nested
    class Backoff {
        @Test
        void grows_by_the_multiplier_up_to_the_maximum() {
            var policy = RetryPolicy.defaults().withMaxAttempts(10)
                    .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 3.0);

            assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
            assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ofSeconds(3));
            assertThat(policy.backoffAfter(3)).isEqualTo(Duration.ofSeconds(5));
            assertThat(policy.backoffAfter(9)).isEqualTo(Duration.ofSeconds(5));
        }

        @Test
        void does_not_overflow_with_many_attempts_and_a_large_multiplier() {
            var policy = RetryPolicy.defaults().withMaxAttempts(100)
                    .withBackoff(Duration.ofMillis(1), Duration.ofMinutes(1), 1000.0);

            assertThat(policy.backoffAfter(100)).isEqualTo(Duration.ofMinutes(1));
        }

        @Test
        void of_zero_means_retrying_at_once() {
            var policy = RetryPolicy.defaults().withBackoff(Duration.ZERO, Duration.ZERO, 1.0);

            assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ZERO);
        }
    }

    @Nested
    class Retriable_types {
        @Test
        void can_be_added_to_and_cover_their_subtypes() {
            var policy = RetryPolicy.defaults().alsoRetrying(IOException.class);

            assertThat(policy.isRetriable(new java.net.SocketTimeoutException())).isTrue();
            assertThat(policy.isRetriable(new Transient("still"))).isTrue();
        }

        @Test
        void can_be_replaced() {
            var policy = RetryPolicy.defaults().retryingOnly(UncheckedIOException.class);

            assertThat(policy.retryOn()).isEqualTo(Set.of(UncheckedIOException.class));
            assertThat(policy.isRetriable(new Transient("no longer"))).isFalse();
        }
    }

    @Nested
    class Refuses {
        @Test
        void fewer_than_one_attempt_or_more_than_the_maximum() {
            assertThatThrownBy(() -> RetryPolicy.defaults().withMaxAttempts(0)).isInstanceOf(ValidationError.class)
                    .hasMessageContaining("maxAttempts");
            assertThatThrownBy(() -> RetryPolicy.defaults().withMaxAttempts(RetryPolicy.MAX_ATTEMPTS + 1))
                    .isInstanceOf(ValidationError.class);
        }

        @Test
        void a_negative_or_inverted_or_too_long_backoff() {
            var defaults = RetryPolicy.defaults();

            assertThatThrownBy(() -> defaults.withBackoff(Duration.ofMillis(-1), Duration.ofSeconds(1), 2))
                    .isInstanceOf(ValidationError.class).hasMessageContaining("initialBackoff");
            assertThatThrownBy(() -> defaults.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2))
                    .isInstanceOf(ValidationError.class).hasMessageContaining("maxBackoff");
            assertThatThrownBy(() -> defaults.withBackoff(Duration.ofSeconds(1), Duration.ofDays(2), 2))
                    .isInstanceOf(ValidationError.class).hasMessageContaining("maxBackoff");
        }

        @Test
        void a_multiplier_below_one_or_not_a_number() {
            var defaults = RetryPolicy.defaults();

            assertThatThrownBy(() -> defaults.withBackoff(Duration.ZERO, Duration.ZERO, 0.5))
                    .isInstanceOf(ValidationError.class).hasMessageContaining("multiplier");
            assertThatThrownBy(() -> defaults.withBackoff(Duration.ZERO, Duration.ZERO, Double.NaN))
                    .isInstanceOf(ValidationError.class);
            assertThatThrownBy(() -> defaults.withBackoff(Duration.ZERO, Duration.ZERO, Double.POSITIVE_INFINITY))
                    .isInstanceOf(ValidationError.class);
        }

        @Test
        void attempt_numbers_below_one() {
            assertThatThrownBy(() -> RetryPolicy.defaults().backoffAfter(0)).isInstanceOf(ValidationError.class);
        }
    }
}

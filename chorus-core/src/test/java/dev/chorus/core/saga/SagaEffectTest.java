package dev.chorus.core.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ValidationError;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SagaEffectTest {
    private static final Instant NOW = Instant.parse("2026-01-15T09:30:00Z");

    @Nested
    class Timeouts {
        @Test
        void after_counts_from_the_trigger_and_at_is_fixed() {
            assertThat(Due.after(Duration.ofMinutes(15)).resolve(NOW)).isEqualTo(NOW.plusSeconds(900));
            assertThat(Due.at(NOW).resolve(NOW.plusSeconds(5))).isEqualTo(NOW);
        }

        @Test
        void a_negative_delay_is_refused() {
            assertThatThrownBy(() -> Due.after(Duration.ofSeconds(-1))).isInstanceOf(ValidationError.class)
                    .hasMessageContaining("zero or more");
        }

        @Test
        void a_timeout_name_is_a_key_segment_so_a_slash_or_an_empty_name_is_refused() {
            assertThatThrownBy(() -> SagaEffect.scheduleAfter("pay/ment", Duration.ZERO))
                    .isInstanceOf(ValidationError.class).hasMessageContaining("pay/ment");
            assertThatThrownBy(() -> SagaEffect.cancel("")).isInstanceOf(ValidationError.class);
            assertThat(SagaEffect.<String, String>cancel("payment.reminder-2"))
                    .isEqualTo(new SagaEffect.CancelTimeout<String, String>("payment.reminder-2"));
        }
    }

    @Nested
    class Values {
        @Test
        void effects_compare_by_value_so_a_spec_can_expect_them() {
            assertThat(SagaEffect.<String, String>issue("release"))
                    .isEqualTo(new SagaEffect.IssueCommand<String, String>("release"));
            assertThat(SagaEffect.<String, String>publish("order-1", "timed-out"))
                    .isEqualTo(new SagaEffect.Publish<String, String>("order-1", "timed-out"));
            assertThat(SagaEffect.<String, String>scheduleAt("payment", NOW))
                    .isEqualTo(new SagaEffect.ScheduleTimeout<String, String>("payment", Due.at(NOW)));
        }

        @Test
        void a_publish_needs_a_stream() {
            assertThatThrownBy(() -> SagaEffect.publish(" ", "e")).isInstanceOf(ValidationError.class);
        }

        @Test
        void a_command_context_needs_an_id() {
            assertThatThrownBy(() -> new CommandContext(" ", dev.chorus.core.context.MessageContext.root()))
                    .isInstanceOf(ValidationError.class);
        }
    }

    @Nested
    class Configuration {
        @Test
        void the_timer_period_has_a_floor() {
            assertThatThrownBy(() -> TimeoutTimer.every(Duration.ofMillis(1))).isInstanceOf(ValidationError.class);
            assertThat(TimeoutTimer.every(Duration.ofMillis(10))).isEqualTo(new TimeoutTimer.Every(Duration.ofMillis(10)));
        }

        @Test
        void the_defaults_fire_timeouts_every_second_and_setup_changes_only_what_it_names() {
            var defaults = SagaConfig.defaults();
            var manual = SagaConfig.of(c -> c.timer(TimeoutTimer.manual()));

            assertThat(defaults.timer()).isEqualTo(TimeoutTimer.every(Duration.ofSeconds(1)));
            assertThat(manual.timer()).isEqualTo(TimeoutTimer.manual());
            assertThat(manual.retry()).isEqualTo(defaults.retry());
        }

        @Test
        void a_saga_is_bound_only_under_a_name_that_can_key_its_state() {
            var saga = new Saga<String, String, String>() {
                @Override
                public String name() {
                    return "orders/v2";
                }

                @Override
                public String initialState() {
                    return "";
                }

                @Override
                public String evolve(String state, String event) {
                    return state;
                }

                @Override
                public java.util.List<SagaEffect<String, String>> react(String state, String event) {
                    return java.util.List.of();
                }
            };

            assertThatThrownBy(() -> SagaBinding.of(saga, null, null, (c, ctx) -> {}))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new SagaBinding<>(saga, new NoEvents(), new NoState(), (c, ctx) -> {}))
                    .isInstanceOf(ValidationError.class).hasMessageContaining("orders/v2");
        }
    }

    static final class NoEvents implements dev.chorus.core.codec.EventCodec<String> {
        @Override
        public dev.chorus.core.codec.EncodedEvent encode(String event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String decode(dev.chorus.core.RecordedEvent event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean knows(String typeName) {
            return false;
        }
    }

    static final class NoState implements dev.chorus.core.codec.Codec<String> {
        @Override
        public byte[] encode(String value) {
            return new byte[0];
        }

        @Override
        public String decode(byte[] bytes) {
            return "";
        }
    }
}

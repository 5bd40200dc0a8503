package dev.chorus.core.saga.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.codec.CodecFailure;
import dev.chorus.core.saga.PendingTimeout;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SagaStorageTest {
    private static final Instant DUE = Instant.parse("2026-01-15T09:45:00.123456789Z");

    @Nested
    class Keys {
        private final SagaKeys keys = new SagaKeys("order-fulfilment");

        @Test
        void live_under_the_sagas_name_with_the_checkpoint_in_the_shared_convention() {
            assertThat(keys.state("o-1")).isEqualTo("saga/order-fulfilment/state/o-1");
            assertThat(keys.timer("o/1", "payment")).isEqualTo("saga/order-fulfilment/timer/o%2F1/payment");
            assertThat(keys.checkpoint()).isEqualTo("checkpoint/saga/order-fulfilment");
        }

        @Test
        void due_keys_sort_in_due_order_whatever_the_timeout_id() {
            assertThat(keys.due(DUE, "z")).isLessThan(keys.due(DUE.plusNanos(1), "a"));
            assertThat(keys.due(DUE, "a")).isLessThan(keys.due(DUE, "b"));
        }

        @Test
        void a_queued_fact_keeps_its_position_in_its_key() {
            assertThat(SagaKeys.positionOf(keys.queued("o-1", 42))).isEqualTo(42);
            assertThat(keys.queued("o-1", 9)).isLessThan(keys.queued("o-1", 10));
        }
    }

    @Nested
    class Codecs {
        @Test
        void a_pending_timeout_reads_back_as_written_to_the_nanosecond() {
            var timeout = new PendingTimeout("o/1 注文", "payment", "evt-1:1", DUE, "evt-1", Optional.empty());
            var traced = new PendingTimeout("o-1", "payment", "evt-1:1", DUE, "evt-1",
                    Optional.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));

            assertThat(TimeoutCodec.decode(TimeoutCodec.encode(timeout))).isEqualTo(timeout);
            assertThat(TimeoutCodec.decode(TimeoutCodec.encode(traced))).isEqualTo(traced);
        }

        @Test
        void a_blocker_reads_back_as_written() {
            var blocker = new Blocker(42, "o-1");

            assertThat(Blocker.decode(blocker.encode())).isEqualTo(blocker);
        }

        @Test
        void damaged_or_newer_bytes_are_a_codec_failure_not_a_wrong_value() {
            byte[] bytes = TimeoutCodec.encode(new PendingTimeout("o-1", "payment", "t", DUE, "e", Optional.empty()));
            byte[] newer = bytes.clone();
            newer[0] = 9;

            assertThatThrownBy(() -> TimeoutCodec.decode(newer)).isInstanceOf(CodecFailure.class)
                    .hasMessageContaining("unknown format 9");
            assertThatThrownBy(() -> TimeoutCodec.decode(Arrays.copyOf(bytes, bytes.length / 2)))
                    .isInstanceOf(CodecFailure.class);
        }
    }

    @Nested
    class Derived_ids {
        @Test
        void are_the_same_for_the_same_cause_and_differ_otherwise() {
            var id = DerivedIds.derive(DUE, "command", "saga", "evt-1", "0");

            assertThat(DerivedIds.derive(DUE, "command", "saga", "evt-1", "0")).isEqualTo(id);
            assertThat(DerivedIds.derive(DUE, "command", "saga", "evt-1", "1")).isNotEqualTo(id);
            assertThat(DerivedIds.derive(DUE, "publish", "saga", "evt-1", "0")).isNotEqualTo(id);
        }

        @Test
        void are_version_7_uuids_stamped_with_the_causes_millisecond() {
            var id = java.util.UUID.fromString(DerivedIds.derive(DUE, "timeout", "saga", "t"));

            assertThat(id.version()).isEqualTo(7);
            assertThat(dev.chorus.core.UuidV7.millisOf(id)).isEqualTo(DUE.toEpochMilli());
        }
    }
}

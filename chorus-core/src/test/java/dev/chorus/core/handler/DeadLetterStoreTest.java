package dev.chorus.core.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.EventType;
import dev.chorus.core.ValidationError;
import dev.chorus.core.memory.InMemoryStateStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DeadLetterStoreTest {
    private final InMemoryStateStore state = new InMemoryStateStore();
    private final DeadLetterStore store = new DeadLetterStore(state);
    private static final Instant AT = Instant.parse("2026-03-01T09:00:00.123456789Z");

    private static DeadLetter letter(String handler, long position, DeadLetterStatus status) {
        return new DeadLetter(handler, position, "order-é/1", EventType.of("shop.OrderPlaced", 2), "evt-" + position,
                new Failure("java.lang.IllegalStateException", "bad \"order\"\nsecond line", "at x\nat y\n"), 3, AT,
                AT.plusSeconds(1), true, status);
    }

    @Nested
    class Storing {
        @Test
        void keeps_every_field_of_every_status() {
            var letters = List.of(letter("billing", 1, DeadLetterStatus.open()),
                    letter("billing", 2, new DeadLetterStatus.RetryRequested(AT)),
                    letter("billing", 3, new DeadLetterStatus.Resolved(AT.plusNanos(1))),
                    letter("billing", 4, new DeadLetterStatus.Discarded(AT.plusSeconds(9))));

            letters.forEach(store::put);

            assertThat(letters).allSatisfy(letter -> assertThat(store.get(letter.id())).contains(letter));
        }

        @Test
        void keys_each_dead_letter_under_its_handler_and_zero_padded_position() {
            store.put(letter("billing", 42, DeadLetterStatus.open()));

            assertThat(state.get("deadletter/billing/0000000000000000042")).isPresent();
            assertThat(state.get("deadletter-pending/billing/0000000000000000042")).isPresent();
        }

        @Test
        void drops_it_from_the_pending_index_once_closed_but_keeps_the_record() {
            var open = letter("billing", 7, DeadLetterStatus.open());
            store.put(open);

            store.put(open.withStatus(new DeadLetterStatus.Discarded(AT)));

            assertThat(state.scan(DeadLetterStore.PENDING_PREFIX, 10)).isEmpty();
            assertThat(store.hasPending("billing")).isFalse();
            assertThat(store.require(open.id()).status()).isEqualTo(new DeadLetterStatus.Discarded(AT));
        }

        @Test
        void lists_positions_in_numeric_order_not_text_order() {
            store.put(letter("billing", 10, DeadLetterStatus.open()));
            store.put(letter("billing", 9, DeadLetterStatus.open()));

            assertThat(store.list(DeadLetterQuery.pending())).extracting(DeadLetter::position).containsExactly(9L, 10L);
        }

        @Test
        void does_not_mix_up_handlers_whose_names_share_a_prefix() {
            store.put(letter("bill", 1, DeadLetterStatus.open()));
            store.put(letter("billing", 2, DeadLetterStatus.open()));

            assertThat(store.list(DeadLetterQuery.pending().ofHandler("bill"))).extracting(DeadLetter::handler)
                    .containsExactly("bill");
        }

        @Test
        void writes_a_stack_summary_clipped_to_its_limit() {
            var error = new IllegalStateException("x".repeat(10_000));

            var failure = Failure.of(error);

            assertThat(failure.message()).hasSize(Failure.MAX_TEXT);
            assertThat(failure.stackSummary()).hasSizeLessThanOrEqualTo(Failure.MAX_TEXT);
        }

        @Test
        void summarises_the_cause_chain() {
            var error = new RuntimeException("outer", new java.io.IOException("disk full"));

            assertThat(Failure.of(error).stackSummary()).contains("caused by java.io.IOException: disk full");
        }
    }

    @Nested
    class Changing_a_pending_one {
        @Test
        void writes_the_change_when_nothing_changed_it_meanwhile() {
            store.put(letter("billing", 1, DeadLetterStatus.open()));

            var changed = store.updatePending(DeadLetterId.of("billing", 1),
                    letter -> letter.withStatus(new DeadLetterStatus.Discarded(AT)));

            assertThat(changed).map(DeadLetter::status).contains(new DeadLetterStatus.Discarded(AT));
            assertThat(store.require(DeadLetterId.of("billing", 1)).status())
                    .isEqualTo(new DeadLetterStatus.Discarded(AT));
        }

        @Test
        void leaves_the_outcome_another_process_wrote_between_its_read_and_its_write() {
            var id = DeadLetterId.of("billing", 1);
            store.put(letter("billing", 1, DeadLetterStatus.open()));
            var resolved = letter("billing", 1, new DeadLetterStatus.Resolved(AT.plusSeconds(5)));
            // The subscriber, in another process, resolves it while the operator's discard is being decided.
            var racing = new DeadLetterStore(state);

            var changed = store.updatePending(id, letter -> {
                if (racing.get(id).orElseThrow().status().isPending()) {
                    racing.put(resolved);
                }
                return letter.withStatus(new DeadLetterStatus.Discarded(AT.plusSeconds(6)));
            });

            assertThat(changed).as("nothing written: it is no longer pending").isEmpty();
            assertThat(store.require(id)).isEqualTo(resolved);
            assertThat(store.list(DeadLetterQuery.pending())).isEmpty();
        }
    }

    @Nested
    class Ids {
        @Test
        void read_back_as_printed() {
            var id = DeadLetterId.of("saga.orders-v2", 1234);

            assertThat(DeadLetterId.parse(id.toString())).isEqualTo(id);
        }

        @Test
        void that_are_malformed_are_refused_with_the_expected_shape() {
            assertThatThrownBy(() -> DeadLetterId.parse("billing")).isInstanceOf(ValidationError.class)
                    .hasMessageContaining("<handler>@<position>");
            assertThatThrownBy(() -> DeadLetterId.parse("billing@x")).isInstanceOf(ValidationError.class);
            assertThatThrownBy(() -> DeadLetterId.parse("@4")).isInstanceOf(ValidationError.class);
            assertThatThrownBy(() -> DeadLetterId.parse("a/b@4")).isInstanceOf(ValidationError.class);
            assertThatThrownBy(() -> DeadLetterId.parse("billing@-1")).isInstanceOf(ValidationError.class);
        }
    }
}

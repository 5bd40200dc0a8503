package dev.chorus.core.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.handler.ShopEvent.OrderPaid;
import dev.chorus.core.handler.ShopEvent.OrderPlaced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
    private final HandlerFixture fixture = new HandlerFixture();
    private final ScriptedHandler billing = new ScriptedHandler();
    private final ScriptedHandler audit = new ScriptedHandler();

    @AfterEach
    void close() {
        fixture.close();
    }

    private HandlerRegistration<ShopEvent> billing() {
        return HandlerRegistration.of("billing", fixture.codec(), billing).withRetry(RetryPolicy.noRetries());
    }

    private HandlerRegistration<ShopEvent> audit() {
        return HandlerRegistration.of("audit", fixture.codec(), audit).withRetry(RetryPolicy.noRetries());
    }

    @Nested
    class Retrying_a_dead_letter {
        @Test
        void delivers_the_original_event_to_that_handler_only() throws Exception {
            billing.failing("1", new IllegalStateException("billing down"));
            audit.failing("1", new IllegalStateException("audit down"));
            fixture.append("order-1", new OrderPlaced("1", 10));
            var b = fixture.start(billing());
            var a = fixture.start(audit());
            fixture.awaitCaughtUp(b);
            fixture.awaitCaughtUp(a);

            var after = fixture.deadLetters.retry(DeadLetterId.of("billing", 0));

            assertThat(after.status()).isInstanceOf(DeadLetterStatus.Resolved.class);
            assertThat(billing.successes()).extracting(ScriptedHandler.Seen::position).containsExactly(0L);
            assertThat(audit.calls()).hasSize(1);
            assertThat(fixture.deadLetters.show(DeadLetterId.of("audit", 0)).status())
                    .isEqualTo(DeadLetterStatus.open());
        }

        @Test
        void that_succeeds_commits_the_handlers_state_with_the_resolution() throws Exception {
            billing.failing("1", new IllegalStateException("down"));
            fixture.append("order-1", new OrderPlaced("1", 10));
            fixture.awaitCaughtUp(fixture.start(billing()));

            fixture.deadLetters.retry(DeadLetterId.of("billing", 0));

            assertThat(fixture.stateOf("billing", "count/1")).contains("1");
            var resolved = fixture.deadLetters.show(DeadLetterId.of("billing", 0));
            assertThat(resolved.status()).isEqualTo(new DeadLetterStatus.Resolved(TestClock.START));
            assertThat(fixture.pendingLetters()).isEmpty();
            assertThat(fixture.allLetters()).containsExactly(resolved);
        }

        @Test
        void that_fails_again_keeps_it_open_with_the_new_error_and_the_attempts_added() throws Exception {
            billing.failing("1", new IllegalStateException("down"), new IllegalArgumentException("still bad"));
            fixture.append("order-1", new OrderPlaced("1", 10));
            fixture.awaitCaughtUp(fixture.start(billing()));
            var failedAt = fixture.clock.advance(java.time.Duration.ofMinutes(5));

            var after = fixture.deadLetters.retry(DeadLetterId.of("billing", 0));

            assertThat(after.status()).isEqualTo(DeadLetterStatus.open());
            assertThat(after.attempts()).isEqualTo(2);
            assertThat(after.failure().message()).isEqualTo("still bad");
            assertThat(after.firstFailedAt()).isEqualTo(TestClock.START);
            assertThat(after.lastFailedAt()).isEqualTo(failedAt);
        }

        @Test
        void while_its_handler_is_not_running_records_the_request_and_the_handler_acts_on_it_when_it_starts()
                throws Exception {
            billing.failing("1", new IllegalStateException("down"));
            fixture.append("order-1", new OrderPlaced("1", 10));
            var first = fixture.start(billing());
            fixture.awaitCaughtUp(first);
            first.close();

            var requested = fixture.deadLetters.retry(DeadLetterId.of("billing", 0));
            assertThat(requested.status()).isEqualTo(new DeadLetterStatus.RetryRequested(TestClock.START));
            assertThat(billing.successes()).isEmpty();

            fixture.start(billing());

            assertThat(billing.successes()).extracting(ScriptedHandler.Seen::position).containsExactly(0L);
            assertThat(fixture.deadLetters.show(DeadLetterId.of("billing", 0)).status())
                    .isInstanceOf(DeadLetterStatus.Resolved.class);
        }
    }

    @Nested
    class Discarding_a_dead_letter {
        @Test
        void closes_it_without_handling_the_event_which_stays_in_the_log() throws Exception {
            billing.alwaysFailing("1");
            fixture.append("order-1", new OrderPlaced("1", 10));
            fixture.awaitCaughtUp(fixture.start(billing()));

            var discarded = fixture.deadLetters.discard(DeadLetterId.of("billing", 0));

            assertThat(discarded.status()).isEqualTo(new DeadLetterStatus.Discarded(TestClock.START));
            assertThat(billing.successes()).isEmpty();
            assertThat(fixture.pendingLetters()).isEmpty();
            assertThat(fixture.allLetters()).containsExactly(discarded);
            assertThat(fixture.stream("order-1")).hasSize(1);
        }

        @Test
        void while_its_handler_is_not_running_releases_a_parked_stream_in_order_when_the_handler_starts()
                throws Exception {
            billing.alwaysFailing("1");
            fixture.append("order-1", new OrderPlaced("1", 10), new OrderPaid("1"));
            var parking = billing().withOrdering(OrderingMode.parkStream());
            var first = fixture.start(parking);
            fixture.awaitCaughtUp(first);
            first.close();
            billing.healed("1");

            fixture.deadLetters.discard(DeadLetterId.of("billing", 0));
            assertThat(billing.successes()).isEmpty();
            fixture.start(parking);

            assertThat(billing.successes()).extracting(ScriptedHandler.Seen::position).containsExactly(1L);
            assertThat(fixture.state.scan("handler/billing/parked", 10)).isEmpty();
        }
    }

    @Nested
    class Refusing {
        @Test
        void an_unknown_id_with_dead_letter_not_found() {
            var missing = DeadLetterId.of("billing", 42);

            assertThatThrownBy(() -> fixture.deadLetters.show(missing)).isInstanceOf(DeadLetterNotFound.class)
                    .hasMessageContaining("billing@42");
            assertThatThrownBy(() -> fixture.deadLetters.retry(missing)).isInstanceOf(DeadLetterNotFound.class);
            assertThatThrownBy(() -> fixture.deadLetters.discard(missing)).isInstanceOf(DeadLetterNotFound.class);
        }

        @Test
        void to_retry_or_discard_a_closed_dead_letter() throws Exception {
            billing.alwaysFailing("1");
            fixture.append("order-1", new OrderPlaced("1", 10));
            fixture.awaitCaughtUp(fixture.start(billing()));
            var id = DeadLetterId.of("billing", 0);
            fixture.deadLetters.discard(id);

            assertThatThrownBy(() -> fixture.deadLetters.retry(id)).isInstanceOf(DeadLetterClosed.class)
                    .hasMessageContaining("discarded");
            assertThatThrownBy(() -> fixture.deadLetters.discard(id)).isInstanceOf(DeadLetterClosed.class);
        }

        @Test
        void a_subscriber_that_stops_before_carrying_a_request_out_leaves_it_for_its_next_start() throws Exception {
            billing.alwaysFailing("1").alwaysFailing("2");
            fixture.append("order-1", new OrderPlaced("1", 10));
            fixture.append("order-2", new OrderPlaced("2", 10));
            var running = fixture.start(billing());
            fixture.awaitCaughtUp(running);
            running.close();
            fixture.deadLetters.register("billing", stopping("billing"));

            var retried = fixture.deadLetters.retry(DeadLetterId.of("billing", 0));
            var discarded = fixture.deadLetters.discard(DeadLetterId.of("billing", 1));

            assertThat(retried.status()).isInstanceOf(DeadLetterStatus.RetryRequested.class);
            assertThat(discarded.status()).isInstanceOf(DeadLetterStatus.Discarded.class);
            assertThat(fixture.deadLetters.show(DeadLetterId.of("billing", 0))).isEqualTo(retried);
            assertThat(fixture.deadLetters.show(DeadLetterId.of("billing", 1))).isEqualTo(discarded);
        }

        @Test
        void a_second_owner_under_one_name() {
            DeadLetterOwner owner = new DeadLetterOwner() {
                @Override
                public DeadLetter retry(DeadLetterId id) {
                    throw new AssertionError("not called");
                }

                @Override
                public DeadLetter discard(DeadLetterId id) {
                    throw new AssertionError("not called");
                }
            };
            fixture.deadLetters.register("saga.orders", owner);

            assertThatThrownBy(() -> fixture.deadLetters.register("saga.orders", owner))
                    .isInstanceOf(DuplicateSubscriber.class);
        }
    }

    @Nested
    class Listing {
        @Test
        void shows_pending_dead_letters_of_every_handler_by_default_and_closed_ones_on_request() throws Exception {
            billing.alwaysFailing("1").alwaysFailing("2");
            audit.alwaysFailing("2");
            fixture.append("order-1", new OrderPlaced("1", 10));
            fixture.append("order-2", new OrderPlaced("2", 10));
            fixture.awaitCaughtUp(fixture.start(billing()));
            fixture.awaitCaughtUp(fixture.start(audit()));
            fixture.deadLetters.discard(DeadLetterId.of("billing", 0));

            assertThat(fixture.deadLetters.list(DeadLetterQuery.pending())).extracting(DeadLetter::id)
                    .containsExactly(DeadLetterId.of("audit", 1), DeadLetterId.of("billing", 1));
            assertThat(fixture.deadLetters.list(DeadLetterQuery.pending().ofHandler("billing")))
                    .extracting(DeadLetter::id).containsExactly(DeadLetterId.of("billing", 1));
            assertThat(fixture.deadLetters.list(DeadLetterQuery.pending().ofHandler("billing").includingClosed()))
                    .extracting(DeadLetter::id)
                    .containsExactly(DeadLetterId.of("billing", 0), DeadLetterId.of("billing", 1));
        }

        @Test
        void pages_through_many_dead_letters_after_the_last_id() throws Exception {
            billing.alwaysFailing("1");
            for (int i = 0; i < 7; i++) {
                fixture.append("order-1", new OrderPaid("1"));
            }
            fixture.awaitCaughtUp(fixture.start(billing()));

            var first = fixture.deadLetters.list(DeadLetterQuery.pending().limit(3));
            var second = fixture.deadLetters.list(DeadLetterQuery.pending().limit(3).after(first.getLast().id()));
            var third = fixture.deadLetters.list(DeadLetterQuery.pending().limit(3).after(second.getLast().id()));

            assertThat(first).extracting(DeadLetter::position).containsExactly(0L, 1L, 2L);
            assertThat(second).extracting(DeadLetter::position).containsExactly(3L, 4L, 5L);
            assertThat(third).extracting(DeadLetter::position).containsExactly(6L);
        }
    }

    /** An owner caught closing: it carries nothing out. */
    private static DeadLetterOwner stopping(String name) {
        return new DeadLetterOwner() {
            @Override
            public DeadLetter retry(DeadLetterId id) {
                throw new SubscriberStopped(name);
            }

            @Override
            public DeadLetter discard(DeadLetterId id) {
                throw new SubscriberStopped(name);
            }
        };
    }
}

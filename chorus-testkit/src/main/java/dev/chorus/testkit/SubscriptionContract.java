package dev.chorus.testkit;

import static dev.chorus.core.ExpectedVersion.any;
import static dev.chorus.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.EventType;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StoreClosed;
import dev.chorus.core.Subscription;
import dev.chorus.core.SubscriptionFilter;
import dev.chorus.core.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions catch up from a position and then follow the head live: every matching position once, in order,
 * with no gap at the hand-over, on their own thread, at their own pace.
 */
public abstract class SubscriptionContract extends Contract {
    protected SubscriptionContract(StoreFixture fixture) {
        super(fixture);
    }

    @Test
    void a_subscription_from_0_delivers_every_event_in_order_then_goes_live_once_at_the_head() {
        appendEvents(5);
        var handler = new RecordingHandler();

        try (var subscription = store().subscribe(0, handler)) {
            assertThat(handler.awaitLive(PATIENCE)).isEqualTo(5);

            assertThat(handler.positions()).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(handler.eventsBeforeLive()).isEqualTo(5);
            assertThat(handler.events()).isEqualTo(everything());
            assertThat(subscription.position()).isEqualTo(5);
        }
    }

    @Test
    void catching_up_hands_over_to_live_without_a_gap_or_a_duplicate_while_a_writer_appends() throws Exception {
        int before = appendBatches(new Random(1), 300);
        var firstEventSeen = new CountDownLatch(1);
        var handler = RecordingHandler.before(event -> firstEventSeen.countDown());
        var writer = new CompletableFuture<Integer>();

        try (var subscription = store().subscribe(0, handler)) {
            Thread.ofVirtual().name("conformance-writer").start(() -> {
                try {
                    assertThat(firstEventSeen.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
                    int whileCatchingUp = appendBatches(new Random(2), 150);
                    handler.awaitLive(PATIENCE);
                    writer.complete(whileCatchingUp + appendBatches(new Random(3), 150));
                } catch (Throwable e) {
                    writer.completeExceptionally(e);
                }
            });
            int total = before + writer.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);

            var delivered = handler.awaitEvents(total, PATIENCE);

            Sequences.assertRange("delivered positions", delivered.stream().map(RecordedEvent::position).toList(), 0,
                    total);
            assertThat(delivered).isEqualTo(everything());
            assertThat(handler.livePositions()).as("onLive calls").hasSize(1);
            assertThat(subscription.completion()).isNotDone();
        }
    }

    @Test
    void a_subscription_from_a_middle_position_starts_there_and_continues_live() {
        appendEvents(10);
        var handler = new RecordingHandler();

        try (var subscription = store().subscribe(4, handler)) {
            assertThat(handler.awaitLive(PATIENCE)).isEqualTo(10);
            appendEvents(2);

            assertThat(handler.awaitEvents(8, PATIENCE)).extracting(RecordedEvent::position)
                    .containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
            assertThat(handler.eventsBeforeLive()).isEqualTo(6);
            assertThat(handler.livePositions()).containsExactly(10L);
            assertThat(subscription.completion()).isNotDone();
        }
    }

    @Test
    void a_subscription_on_an_empty_store_goes_live_at_0_and_receives_what_is_appended_next() {
        var handler = new RecordingHandler();

        try (var subscription = store().subscribe(0, handler)) {
            assertThat(handler.awaitLive(PATIENCE)).isZero();
            appendEvents(3);

            assertThat(handler.awaitEvents(3, PATIENCE)).extracting(RecordedEvent::position)
                    .containsExactly(0L, 1L, 2L);
            assertThat(subscription.completion()).isNotDone();
        }
    }

    @Test
    void a_stream_prefix_filter_delivers_exactly_the_matching_events_in_order() {
        assertFilterDelivers(SubscriptionFilter.streamPrefix("order-"), e -> e.streamId().startsWith("order-"));
    }

    @Test
    void a_type_name_filter_delivers_exactly_the_matching_events_in_order() {
        assertFilterDelivers(SubscriptionFilter.typeNames("OrderShipped", "InvoiceSent"),
                e -> e.type().equals(TestEvents.ORDER_SHIPPED) || e.type().equals(TestEvents.INVOICE_SENT));
    }

    /** What lets a handler defer work while "more" is said: it is never left waiting on a promise not kept. */
    @Test
    void an_event_handed_over_with_more_to_come_is_followed_by_another_before_the_subscription_waits() {
        appendMixed(0);
        var handler = new RecordingHandler();

        try (var subscription = store().subscribe(0, SubscriptionFilter.streamPrefix("order-"), handler)) {
            handler.awaitLive(PATIENCE);

            // the page ends with events the filter skips: the last one delivered still says nothing more
            assertThat(handler.positions()).containsExactly(0L, 2L, 4L);
            assertThat(handler.moreFlags().getLast()).as("more, on the last event before going live").isFalse();
            appendMixed(1);
            assertThat(handler.awaitEvents(6, PATIENCE)).extracting(RecordedEvent::position)
                    .containsExactly(0L, 2L, 4L, 6L, 8L, 10L);
            assertThat(handler.moreFlags().getLast()).as("more, on the last event delivered live").isFalse();
            assertThat(subscription.completion()).isNotDone();
        }
    }

    @Test
    void two_subscriptions_receive_the_same_events_independently() {
        appendEvents(20);
        var first = new RecordingHandler();
        var second = new RecordingHandler();

        try (var a = store().subscribe(0, first); var b = store().subscribe(0, second)) {
            assertThat(first.awaitEvents(20, PATIENCE)).isEqualTo(second.awaitEvents(20, PATIENCE))
                    .isEqualTo(everything());
            assertThat(a.completion()).isNotDone();
            assertThat(b.completion()).isNotDone();
        }
    }

    @Test
    void a_slow_handler_does_not_hold_up_writers() throws Exception {
        var release = new CountDownLatch(1);
        var handler = RecordingHandler.before(event -> release.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));

        try (var subscription = store().subscribe(0, handler)) {
            appendEvents(1);
            var writes = CompletableFuture.runAsync(() -> appendEvents(200),
                    runnable -> Thread.ofVirtual().start(runnable));

            assertThat(writes).succeedsWithin(PATIENCE);
            assertThat(handler.events()).isEmpty();
            release.countDown();
            assertThat(handler.awaitEvents(201, PATIENCE)).isEqualTo(everything());
            assertThat(subscription.completion()).isNotDone();
        } finally {
            release.countDown();
        }
    }

    @Test
    void closing_a_subscription_completes_its_completion_normally() {
        appendEvents(3);
        var handler = new RecordingHandler();
        var subscription = store().subscribe(0, handler);
        handler.awaitLive(PATIENCE);

        subscription.close();

        assertThat(subscription.completion()).succeedsWithin(PATIENCE);
        assertThat(handler.positions()).containsExactly(0L, 1L, 2L);
    }

    @Test
    void a_handler_may_close_its_own_subscription() {
        appendEvents(5);
        var self = new CompletableFuture<Subscription>();
        var handler = RecordingHandler.before(event -> {
            if (event.position() == 2) {
                self.join().close();
            }
        });

        var subscription = store().subscribe(0, handler);
        self.complete(subscription);

        assertThat(subscription.completion()).succeedsWithin(PATIENCE);
        assertThat(handler.positions()).containsExactly(0L, 1L, 2L);
    }

    @Test
    void a_handler_that_throws_fails_the_completion_with_that_exception_and_gets_nothing_more() {
        appendEvents(5);
        var boom = new IllegalStateException("projection broke at position 2");
        var handler = RecordingHandler.before(event -> {
            if (event.position() == 2) {
                throw boom;
            }
        });

        try (var subscription = store().subscribe(0, handler)) {
            assertThat(subscription.completion()).failsWithin(PATIENCE).withThrowableThat().havingCause()
                    .isSameAs(boom);
            assertThat(handler.positions()).containsExactly(0L, 1L);
        }
    }

    @Test
    void a_handler_that_throws_a_checked_exception_fails_the_completion_with_it() {
        appendEvents(1);
        var checked = new Exception("checked failure");

        try (var subscription = store().subscribe(0, RecordingHandler.before(event -> {
            throw checked;
        }))) {
            assertThat(subscription.completion()).failsWithin(PATIENCE).withThrowableThat().havingCause()
                    .isSameAs(checked);
        }
    }

    @Test
    void closing_the_store_fails_its_running_subscriptions_with_store_closed() {
        var handler = new RecordingHandler();
        var subscription = store().subscribe(0, handler);
        handler.awaitLive(PATIENCE);

        store().close();

        assertThat(subscription.completion()).failsWithin(PATIENCE).withThrowableThat().havingCause()
                .isInstanceOf(StoreClosed.class);
        subscription.close();
    }

    @Test
    void a_negative_start_position_is_refused() {
        assertThatThrownBy(() -> store().subscribe(-1, new RecordingHandler())).isInstanceOf(ValidationError.class);
    }

    private void assertFilterDelivers(SubscriptionFilter filter, Predicate<RecordedEvent> expected) {
        appendMixed(0);
        var handler = new RecordingHandler();

        try (var subscription = store().subscribe(0, filter, handler)) {
            assertThat(handler.awaitLive(PATIENCE)).isEqualTo(6);
            assertThat(subscription.position()).as("the position, past the events the filter skipped").isEqualTo(6);
            appendMixed(1);
            var matching = everything().stream().filter(expected).toList();

            assertThat(matching).hasSizeBetween(1, everything().size() - 1);
            assertThat(handler.awaitEvents(matching.size(), PATIENCE)).isEqualTo(matching);
            assertThat(handler.livePositions()).containsExactly(6L);
        }
    }

    private void appendMixed(int round) {
        record Pick(String streamId, EventType type) {}
        var picks = List.of(new Pick("order-1", TestEvents.ORDER_PLACED),
                new Pick("invoice-1", TestEvents.INVOICE_SENT),
                new Pick("order-2", TestEvents.ORDER_SHIPPED), new Pick("orders", TestEvents.ORDER_SHIPPED),
                new Pick("order-1", TestEvents.ORDER_SHIPPED), new Pick("Order-3", TestEvents.ORDER_PLACED));
        for (var pick : picks) {
            store().append(pick.streamId(), any(), event(pick.type(), pick.streamId() + "-" + round));
        }
    }

    private void appendEvents(int count) {
        for (int i = 0; i < count; i++) {
            store().append("stream-" + (i % 3), any(), event("e" + i));
        }
    }

    /** Appends batches of one to five events to a few streams until at least {@code atLeast} were written. */
    private int appendBatches(Random random, int atLeast) {
        int written = 0;
        while (written < atLeast) {
            int size = 1 + random.nextInt(5);
            var batch = new ArrayList<NewEvent>(size);
            for (int i = 0; i < size; i++) {
                batch.add(event("batch-event-" + written + "-" + i));
            }
            store().append("writer-" + random.nextInt(4), any(), batch);
            written += size;
        }
        return written;
    }
}

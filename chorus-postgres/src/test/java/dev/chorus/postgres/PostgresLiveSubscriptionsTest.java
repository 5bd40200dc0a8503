package dev.chorus.postgres;

import static dev.chorus.core.ExpectedVersion.any;
import static dev.chorus.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.ImportedEvent;
import dev.chorus.core.Metadata;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.Subscription;
import dev.chorus.core.SubscriptionFilter;
import dev.chorus.testkit.RecordingHandler;
import dev.chorus.testkit.Sequences;
import dev.chorus.testkit.StoreFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Live subscriptions of one store share one reader of the table's tail; one behind its window reads for itself. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PostgresLiveSubscriptionsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int SUBSCRIBERS = 8;

    @RegisterExtension
    static final TestSchemas schemas = new TestSchemas();

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close_everything() throws Exception {
        for (var closeable : opened.reversed()) {
            closeable.close();
        }
    }

    @Test
    void eight_live_subscriptions_cost_one_read_of_the_table_per_write_of_another_instance_not_eight() {
        String schema = schemas.freshSchema();
        var follower = open(schemas.config(schema));
        var writer = open(schemas.config(schema));
        var handlers = subscribeLive(follower, SUBSCRIBERS);
        var before = follower.subscriptionReads();

        int writes = 20;
        for (int i = 0; i < writes; i++) {
            writer.append("order-" + (i % 3), any(), event("placed-" + i), event("paid-" + i));
            // One write at a time, each seen by every subscription, so that each is a notification of its own.
            for (var handler : handlers) {
                handler.awaitEvents(2 * (i + 1), PATIENCE);
            }
        }

        var reads = follower.subscriptionReads().minus(before);
        assertThat(reads.tail()).as("reads of new events: at most one per write, where each subscription reading "
                + "for itself would make %d", SUBSCRIBERS * writes).isBetween(1L, (long) writes);
        assertThat(reads.catchUp()).as("pages read by a subscription on its own").isZero();
        var everything = StoreFixture.everything(writer);
        for (var handler : handlers) {
            assertThat(handler.events()).isEqualTo(everything);
        }
    }

    @Test
    void a_store_s_own_appends_and_imports_reach_its_live_subscriptions_without_reading_the_table() {
        var store = open(schemas.config(schemas.freshSchema()));
        var handlers = subscribeLive(store, SUBSCRIBERS);
        var before = store.subscriptionReads();

        int writes = 10;
        for (int i = 0; i < writes; i++) {
            if (i % 2 == 0) {
                store.append("order-" + i, any(), event("placed-" + i));
            } else {
                store.importEvents(List.of(new ImportedEvent("payment-" + i,
                        event("paid-" + i).withMetadata(Map.of(Metadata.EVENT_ID, "evt-" + i)))));
            }
            for (var handler : handlers) {
                handler.awaitEvents(i + 1, PATIENCE);
            }
        }

        var reads = store.subscriptionReads().minus(before);
        assertThat(reads.tail()).isZero();
        assertThat(reads.catchUp()).isZero();
        var everything = StoreFixture.everything(store);
        assertThat(everything).hasSize(writes);
        for (var handler : handlers) {
            assertThat(handler.events()).as("what the table holds, read back").isEqualTo(everything);
        }
    }

    @Test
    void subscriptions_that_fall_behind_the_window_read_the_table_and_still_get_every_event_once_in_order()
            throws Exception {
        var store = open(schemas.config(schemas.freshSchema(), c -> c.tailWindow = 8));
        var fast = subscribe(store, SubscriptionFilter.all(), new RecordingHandler());
        var release = new CountDownLatch(1);
        var slow = subscribe(store, SubscriptionFilter.all(), RecordingHandler.before(event -> await(release)));
        var slowOrders = subscribe(store, SubscriptionFilter.streamPrefix("order-"),
                RecordingHandler.before(event -> await(release)));

        int appends = 30;
        for (int i = 0; i < appends; i++) {
            String stream = (i % 2 == 0 ? "order-" : "stock-") + i;
            store.append(stream, any(), event("first-" + i), event("second-" + i));
        }
        fast.awaitEvents(2 * appends, PATIENCE);
        var whileBlocked = store.subscriptionReads();
        release.countDown();
        slow.awaitEvents(2 * appends, PATIENCE);
        slowOrders.awaitEvents(appends, PATIENCE);

        var everything = StoreFixture.everything(store);
        assertThat(store.subscriptionReads().minus(whileBlocked).catchUp())
                .as("pages the blocked subscriptions read from the table, 52 events behind a window of 8")
                .isPositive();
        Sequences.assertRange("positions the slow subscription got", slow.positions(), 0, 2L * appends);
        assertThat(slow.events()).isEqualTo(everything).isEqualTo(fast.events());
        assertThat(slowOrders.events()).isEqualTo(everything.stream()
                .filter(e -> e.streamId().startsWith("order-")).toList());

        // Caught up, they follow from the window again.
        var caughtUp = store.subscriptionReads();
        for (int i = 0; i < 5; i++) {
            store.append("order-late-" + i, any(), event("late-" + i));
            slow.awaitEvents(2 * appends + i + 1, PATIENCE);
            slowOrders.awaitEvents(appends + i + 1, PATIENCE);
        }
        fast.awaitEvents(2 * appends + 5, PATIENCE);
        var afterCatchingUp = store.subscriptionReads().minus(caughtUp);
        assertThat(afterCatchingUp.tail()).as("own appends").isZero();
        assertThat(afterCatchingUp.catchUp()).as("pages read on their own once caught up").isZero();
        assertThat(slow.events()).isEqualTo(StoreFixture.everything(store)).isEqualTo(fast.events());
    }

    @Test
    void a_subscription_from_the_start_of_a_long_store_catches_up_from_the_table_then_follows_live() {
        String schema = schemas.freshSchema();
        var store = open(schemas.config(schema, c -> c.tailWindow = 16));
        for (int i = 0; i < 100; i++) {
            store.append("order-" + (i % 7), any(), event("before-" + i));
        }
        var live = subscribeLive(store, 1).getFirst();
        var fromStart = subscribe(store, SubscriptionFilter.all(), new RecordingHandler());
        fromStart.awaitLive(PATIENCE);

        for (int i = 0; i < 20; i++) {
            store.append("order-" + (i % 7), any(), event("after-" + i));
        }

        fromStart.awaitEvents(120, PATIENCE);
        live.awaitEvents(20, PATIENCE);
        var everything = StoreFixture.everything(store);
        assertThat(fromStart.events()).isEqualTo(everything);
        assertThat(live.events()).isEqualTo(everything.subList(100, 120));
    }

    @Test
    void with_both_instances_appending_and_importing_at_once_every_subscription_gets_the_table_s_order_exactly()
            throws Exception {
        String schema = schemas.freshSchema();
        var follower = open(schemas.config(schema, c -> c.tailWindow = 4));
        var other = open(schemas.config(schema));
        var fast = subscribe(follower, SubscriptionFilter.all(), new RecordingHandler());
        var slow = subscribe(follower, SubscriptionFilter.all(), RecordingHandler.before(event -> {
            if (event.position() % 16 == 0) {
                Thread.sleep(5);
            }
        }));
        var payments = subscribe(follower, SubscriptionFilter.streamPrefix("payment-"), new RecordingHandler());
        fast.awaitLive(PATIENCE);

        int perWriter = 25;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<?>>();
            int writer = 0;
            for (var store : List.of(follower, other, follower, other)) {
                int id = writer++;
                futures.add(executor.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        if (i % 3 == 0) {
                            store.importEvents(List.of(new ImportedEvent("payment-" + id,
                                    event("paid-" + id + "-" + i).withMetadata(Map.of(Metadata.EVENT_ID,
                                            "evt-" + id + "-" + i)))));
                        } else {
                            store.append("order-" + id, any(), event("a-" + id + "-" + i), event("b-" + id + "-" + i));
                        }
                    }
                    return null;
                }));
            }
            for (var future : futures) {
                future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        }

        var everything = StoreFixture.everything(other);
        fast.awaitEvents(everything.size(), PATIENCE);
        slow.awaitEvents(everything.size(), PATIENCE);
        var paid = everything.stream().filter(e -> e.streamId().startsWith("payment-")).toList();
        payments.awaitEvents(paid.size(), PATIENCE);
        Sequences.assertRange("positions", slow.positions(), 0, everything.size());
        assertThat(fast.events()).isEqualTo(everything);
        assertThat(slow.events()).isEqualTo(everything);
        assertThat(payments.events()).isEqualTo(paid);
    }

    private PostgresEventStore open(PostgresConfig config) {
        var store = PostgresEventStore.open(config);
        opened.add(store);
        return store;
    }

    private RecordingHandler subscribe(PostgresEventStore store, SubscriptionFilter filter, RecordingHandler handler) {
        Subscription subscription = store.subscribe(0, filter, handler);
        opened.add(subscription);
        return handler;
    }

    /** {@code count} subscriptions from the head, each live before this returns. */
    private List<RecordingHandler> subscribeLive(PostgresEventStore store, int count) {
        long head = store.headPosition();
        var handlers = new ArrayList<RecordingHandler>();
        for (int i = 0; i < count; i++) {
            var handler = new RecordingHandler();
            opened.add(store.subscribe(head, SubscriptionFilter.all(), handler));
            handlers.add(handler);
        }
        for (var handler : handlers) {
            handler.awaitLive(PATIENCE);
        }
        return handlers;
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("released").isTrue();
    }
}

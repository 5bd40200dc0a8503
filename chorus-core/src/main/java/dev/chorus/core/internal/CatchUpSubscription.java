package dev.chorus.core.internal;

import dev.chorus.core.AllReader;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StoreClosed;
import dev.chorus.core.Subscription;
import dev.chorus.core.SubscriptionFilter;
import dev.chorus.core.SubscriptionHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A subscription that pulls pages from the store on its own virtual thread: it reads from its
 * position until a page comes back empty, reports that it is live, then waits for the head to move.
 * Each event is handed over with whether more of the same page follow it
 * ({@link SubscriptionHandler#onEvent(RecordedEvent, boolean)}), so a handler can share work across a page.
 * Memory is bounded by one page, whatever the handler's pace.
 */
public final class CatchUpSubscription implements Subscription {
    /** Events per read while catching up: large enough that a page's fixed costs (a read, a list) are spread thin. */
    private static final int PAGE = 1024;
    private static final Duration IDLE_WAIT = Duration.ofMillis(200);

    private final AllReader reader;
    private final HeadSignal signal;
    private final SubscriptionFilter filter;
    private final SubscriptionHandler handler;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final Thread thread;
    private volatile long position;
    private volatile boolean closed;

    private CatchUpSubscription(AllReader reader, HeadSignal signal, long from, SubscriptionFilter filter,
                                SubscriptionHandler handler, String name) {
        this.reader = reader;
        this.signal = signal;
        this.filter = filter;
        this.handler = handler;
        this.position = from;
        this.thread = Thread.ofVirtual().name(name).unstarted(this::run);
    }

    public static Subscription start(AllReader reader, HeadSignal signal, long from, SubscriptionFilter filter,
                                     SubscriptionHandler handler) {
        if (from < 0) {
            throw new dev.chorus.core.ValidationError("fromPosition", "a position is 0 or more; got " + from);
        }
        var subscription = new CatchUpSubscription(reader, signal, from, filter, handler,
                "chorus-subscription-from-" + from);
        subscription.thread.start();
        return subscription;
    }

    private void run() {
        boolean live = false;
        try {
            while (!closed) {
                var page = reader.readAll(position, PAGE);
                int last = lastDelivered(page);
                for (int i = 0; i < page.size(); i++) {
                    if (closed) {
                        break;
                    }
                    RecordedEvent event = page.get(i);
                    if (i <= last && filter.test(event)) {
                        handler.onEvent(event, i < last);
                    }
                    position = event.position() + 1;
                }
                // A short page that reached the head needs no second read to learn that nothing follows it.
                if (page.isEmpty() || (page.size() < PAGE && position >= signal.head())) {
                    if (!live) {
                        live = true;
                        handler.onLive(position);
                    }
                    if (signal.isClosed()) {
                        throw new StoreClosed("the store was closed under a running subscription");
                    }
                    signal.awaitBeyond(position, IDLE_WAIT, () -> closed);
                }
            }
            completion.complete(null);
        } catch (InterruptedException e) {
            completion.complete(null);
        } catch (Throwable e) {
            if (closed) {
                completion.complete(null);
            } else {
                completion.completeExceptionally(e);
            }
        }
    }

    /** The index of the page's last event the filter lets through, or -1: what tells a handler "more" or not. */
    private int lastDelivered(List<RecordedEvent> page) {
        for (int i = page.size() - 1; i >= 0; i--) {
            if (filter.test(page.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public CompletableFuture<Void> completion() {
        return completion;
    }

    @Override
    public void close() {
        closed = true;
        // No interrupt: an interrupted FileChannel read closes the channel for every reader.
        signal.wakeAll();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

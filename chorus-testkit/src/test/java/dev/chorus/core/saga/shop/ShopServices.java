package dev.chorus.core.saga.shop;

import dev.chorus.core.EventAppender;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.saga.CommandContext;
import dev.chorus.core.saga.CommandDispatcher;
import dev.chorus.core.saga.shop.ShopCommand.AuthorizePayment;
import dev.chorus.core.saga.shop.ShopCommand.CancelOrder;
import dev.chorus.core.saga.shop.ShopCommand.ConfirmOrder;
import dev.chorus.core.saga.shop.ShopCommand.ReleaseStock;
import dev.chorus.core.saga.shop.ShopCommand.ReserveStock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Inventory, payments and orders in miniature: each command appends its fact to the real event store under
 * the command's message context, so the conversation goes on the way it would between services. They apply
 * a command id once (a repeat is recorded but appends nothing), as the saga runner asks of receivers.
 */
public final class ShopServices implements CommandDispatcher<ShopCommand> {
    public static final String COMMAND_ID = "command-id";

    /** How the payment service answers an order's authorization. */
    public enum Payment { AUTHORIZE, DECLINE, NO_ANSWER }

    /** One call of the dispatcher, repeats included. */
    public record Dispatch(ShopCommand command, CommandContext context) {}

    private final EventAppender log;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition dispatched = lock.newCondition();
    private final List<Dispatch> calls = new ArrayList<>();
    private final Set<String> applied = new HashSet<>();
    private final Map<String, Boolean> stock = new HashMap<>();
    private final Map<String, Payment> payments = new HashMap<>();
    private final Map<Class<?>, Integer> failures = new HashMap<>();
    private Supplier<? extends Exception> failure = () -> new IllegalStateException("service down");

    public ShopServices(EventAppender log) {
        this.log = log;
    }

    public ShopServices outOfStock(String orderId) {
        return locked(() -> stock.put(orderId, false));
    }

    public ShopServices payment(String orderId, Payment answer) {
        return locked(() -> payments.put(orderId, answer));
    }

    /** The next {@code times} commands of this type throw what {@code error} makes, before doing anything. */
    public ShopServices failing(Class<? extends ShopCommand> type, int times, Supplier<? extends Exception> error) {
        return locked(() -> {
            failures.put(type, times);
            failure = error;
        });
    }

    @Override
    public void dispatch(ShopCommand command, CommandContext context) throws Exception {
        lock.lock();
        try {
            calls.add(new Dispatch(command, context));
            dispatched.signalAll();
            int left = failures.getOrDefault(command.getClass(), 0);
            if (left > 0) {
                failures.put(command.getClass(), left - 1);
                throw failure.get();
            }
            if (!applied.add(context.commandId())) {
                return;
            }
            switch (command) {
                case ReserveStock c -> append("stock-" + c.orderId(), context, stock.getOrDefault(c.orderId(), true)
                        ? new ShopEvent.StockReserved(c.orderId())
                        : new ShopEvent.StockReservationFailed(c.orderId(), "none left"));
                case AuthorizePayment c -> {
                    switch (payments.getOrDefault(c.orderId(), Payment.AUTHORIZE)) {
                        case AUTHORIZE -> append("payment-" + c.orderId(), context,
                                new ShopEvent.PaymentAuthorized(c.orderId()));
                        case DECLINE -> append("payment-" + c.orderId(), context,
                                new ShopEvent.PaymentFailed(c.orderId(), "card declined"));
                        case NO_ANSWER -> { }
                    }
                }
                case ConfirmOrder c -> append("order-" + c.orderId(), context, new ShopEvent.OrderConfirmed(c.orderId()));
                case CancelOrder c -> append("order-" + c.orderId(), context,
                        new ShopEvent.OrderCancelled(c.orderId(), c.reason()));
                case ReleaseStock c -> append("stock-" + c.orderId(), context, new ShopEvent.StockReleased(c.orderId()));
            }
        } finally {
            lock.unlock();
        }
    }

    private void append(String streamId, CommandContext context, ShopEvent event) {
        var encoded = ShopCodecs.EVENTS.encode(event);
        var metadata = new HashMap<>(context.message().metadata());
        metadata.put(COMMAND_ID, context.commandId());
        log.append(streamId, ExpectedVersion.any(), List.of(new NewEvent(encoded.type(), encoded.data(), metadata)));
    }

    /** Every call, repeats included, in order. */
    public List<Dispatch> calls() {
        lock.lock();
        try {
            return List.copyOf(calls);
        } finally {
            lock.unlock();
        }
    }

    public List<ShopCommand> commands() {
        return calls().stream().map(Dispatch::command).toList();
    }

    public List<ShopCommand> commandsFor(String orderId) {
        return commands().stream().filter(c -> c.orderId().equals(orderId)).toList();
    }

    /** Waits, at most {@code timeout}, for a call that matches; fails the test at the deadline. */
    public Dispatch awaitCall(Predicate<Dispatch> match, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                for (var call : calls) {
                    if (match.test(call)) {
                        return call;
                    }
                }
                if (nanos <= 0) {
                    throw new AssertionError("waited " + timeout + " for a matching command; got " + calls);
                }
                nanos = dispatched.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    private ShopServices locked(Runnable change) {
        lock.lock();
        try {
            change.run();
            return this;
        } finally {
            lock.unlock();
        }
    }
}

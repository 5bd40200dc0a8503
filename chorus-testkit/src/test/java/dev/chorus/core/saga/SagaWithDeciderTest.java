package dev.chorus.core.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.decider.CommandLoop;
import dev.chorus.core.decider.Decider;
import dev.chorus.core.decider.DeciderBinding;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.saga.shop.Fulfilment;
import dev.chorus.core.saga.shop.OrderFulfilment;
import dev.chorus.core.saga.shop.Shop;
import dev.chorus.core.saga.shop.ShopCodecs;
import dev.chorus.core.saga.shop.ShopCommand;
import dev.chorus.core.saga.shop.ShopEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order service as a real decider behind the real command loop, receiving the saga's commands: its
 * events continue the conversation, and a command redelivered after a crash is answered with no events
 * because the decider sees the order already confirmed.
 */
class SagaWithDeciderTest {
    /** Orders: open until confirmed or cancelled; a repeat of what already happened changes nothing. */
    static final Decider<ShopCommand, String, ShopEvent> ORDERS = Decider.of(() -> "open",
            (command, state) -> switch (command) {
                case ShopCommand.ConfirmOrder c when state.equals("open") -> List.<ShopEvent>of(new ShopEvent.OrderConfirmed(c.orderId()));
                case ShopCommand.CancelOrder c when state.equals("open") ->
                        List.<ShopEvent>of(new ShopEvent.OrderCancelled(c.orderId(), c.reason()));
                default -> List.<ShopEvent>of();
            },
            (state, event) -> switch (event) {
                case ShopEvent.OrderConfirmed e -> "confirmed";
                case ShopEvent.OrderCancelled e -> "cancelled";
                default -> state;
            });

    private final Shop shop = new Shop();
    private final CommandLoop<ShopCommand, String, ShopEvent> orders = CommandLoop.create(shop.log,
            DeciderBinding.of(ORDERS, ShopCodecs.EVENTS, (ShopCommand c) -> "order-" + c.orderId()), c -> {});
    private final AtomicBoolean dieAfterConfirming = new AtomicBoolean();

    @AfterEach
    void close_the_shop() {
        shop.close();
    }

    private SagaRunner<Fulfilment, ShopEvent, ShopCommand> open() {
        CommandDispatcher<ShopCommand> dispatcher = (command, context) -> {
            switch (command) {
                case ShopCommand.ConfirmOrder c -> {
                    orders.handle(c, context.message());
                    if (dieAfterConfirming.getAndSet(false)) {
                        throw new ProcessKilled();
                    }
                }
                case ShopCommand.CancelOrder c -> orders.handle(c, context.message());
                default -> shop.services.dispatch(command, context);
            }
        };
        return SagaRunner.open(SagaBinding.of(new OrderFulfilment(), ShopCodecs.EVENTS, ShopCodecs.STATE, dispatcher),
                shop.log, shop.state, new DeadLetters(shop.state, shop.clock), shop.config());
    }

    @Test
    void the_deciders_events_continue_the_conversation_the_saga_drives() {
        shop.runner.close();
        var runner = open();
        shop.place("o-1", 100);

        runner.catchUp();

        var authorized = shop.only("PaymentAuthorized", "o-1");
        var confirmed = shop.only("OrderConfirmed", "o-1");
        assertThat(confirmed.streamId()).isEqualTo("order-o-1");
        assertThat(confirmed.causationId()).isEqualTo(authorized.eventId());
        assertThat(runner.isFinished("o-1")).isTrue();
        runner.close();
    }

    @Test
    void a_command_sent_again_after_a_crash_is_answered_with_no_events_by_the_decider() {
        shop.runner.close();
        var first = open();
        dieAfterConfirming.set(true);
        shop.place("o-1", 100);

        assertThatThrownBy(first::catchUp).isInstanceOf(ProcessKilled.class);
        first.close();
        assertThat(shop.types("o-1")).containsOnlyOnce("OrderConfirmed");

        var restarted = open();
        restarted.catchUp();

        assertThat(shop.types("o-1")).containsExactly("OrderPlaced", "StockReserved", "PaymentAuthorized",
                "OrderConfirmed");
        assertThat(restarted.isFinished("o-1")).isTrue();
        restarted.close();
    }

    /** The process dies between sending a command and committing the step: an error, not a step failure. */
    static final class ProcessKilled extends Error {
        ProcessKilled() {
            super("killed after the command went out, before the saga's commit");
        }
    }
}

package dev.chorus.core.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.handler.DeadLetterQuery;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.saga.shop.Fulfilment;
import dev.chorus.core.saga.shop.OrderFulfilment;
import dev.chorus.core.saga.shop.Shop;
import dev.chorus.core.saga.shop.ShopCommand;
import dev.chorus.core.saga.shop.ShopServices.Payment;
import dev.chorus.testkit.StoreFixture;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The shop's five conversations (paid, declined, out of stock, timed out, dead-lettered then retried), with
 * the process killed at each state commit in turn and restarted on what was durable: every run must end
 * where the run without a crash ends.
 */
class SagaCrashTest {
    private static final List<String> ORDERS = List.of("o-1", "o-2", "o-3", "o-4", "o-5");

    /** How one run ended, in terms that do not depend on random event ids. */
    record Ending(Map<String, Optional<Fulfilment>> states, Map<String, Boolean> finished,
                  List<String> appliedCommands, Map<String, List<String>> conversations, int pendingDeadLetters,
                  int pendingTimeouts) {}

    @Test
    void a_crash_at_any_commit_neither_loses_nor_doubles_a_state_change_or_a_timeout() {
        var reference = run(0, false);
        assertThat(reference.ending().finished()).containsOnlyKeys(ORDERS).doesNotContainValue(false);
        assertThat(reference.commits()).isGreaterThan(20);

        for (int dieAt = 1; dieAt <= reference.commits(); dieAt++) {
            for (boolean afterCommit : new boolean[] {false, true}) {
                var crashed = run(dieAt, afterCommit);
                String when = (afterCommit ? "just after" : "just before") + " commit " + dieAt;
                assertThat(crashed.died()).as("the run meant to die %s died", when).isTrue();
                assertThat(crashed.ending()).as("the ending after a crash %s", when).isEqualTo(reference.ending());
            }
        }
    }

    record Run(Ending ending, int commits, boolean died) {}

    private Run run(int dieAt, boolean afterCommit) {
        try (var shop = new Shop()) {
            shop.services.payment("o-2", Payment.DECLINE).outOfStock("o-3").payment("o-4", Payment.NO_ANSWER)
                    .failing(ShopCommand.ReserveStock.class, 1, () -> new IllegalStateException("inventory bug"));
            // o-5 first, so that the one failing reservation is its.
            shop.place("o-5", 500);
            for (var order : ORDERS.subList(0, 4)) {
                shop.place(order, 100);
            }
            shop.runner.close();
            var dying = new DyingStateStore(shop.state, dieAt, afterCommit);
            var letters = new DeadLetters(dying, shop.clock);
            shop.runner = shop.open(dying, letters);
            boolean died = false;
            try {
                script(shop, letters);
            } catch (DyingStateStore.Died crash) {
                died = true;
                shop.restart();
                script(shop, shop.deadLetters);
            }
            return new Run(ending(shop), dying.commits(), died);
        }
    }

    /** What the service does; every step may be run again after a restart. */
    private static void script(Shop shop, DeadLetters letters) {
        shop.runner.catchUp();
        for (var letter : letters.list(DeadLetterQuery.pending().ofHandler(OrderFulfilment.NAME))) {
            letters.retry(letter.id());
        }
        shop.runner.catchUp();
        shop.clock.set(StoreFixture.START.plus(OrderFulfilment.PAYMENT_WINDOW).plusSeconds(60));
        shop.runner.fireDueTimeouts();
        shop.runner.catchUp();
    }

    private static Ending ending(Shop shop) {
        var states = new LinkedHashMap<String, Optional<Fulfilment>>();
        var finished = new LinkedHashMap<String, Boolean>();
        var conversations = new LinkedHashMap<String, List<String>>();
        int timeouts = 0;
        for (var order : ORDERS) {
            states.put(order, shop.runner.state(order));
            finished.put(order, shop.runner.isFinished(order));
            timeouts += shop.runner.pendingTimeouts(order).size();
            conversations.put(order, onceEach(shop.conversation(order)));
        }
        var ids = new HashSet<String>();
        var applied = new ArrayList<String>();
        for (var call : shop.services.calls()) {
            if (ids.add(call.context().commandId())) {
                applied.add(call.command().toString());
            }
        }
        applied.sort(null);
        int pending = shop.deadLetters.list(DeadLetterQuery.pending()).size();
        return new Ending(states, finished, applied, conversations, pending, timeouts);
    }

    /** The conversation's fact types in log order, a copy appended again under the same event id left out. */
    private static List<String> onceEach(List<RecordedEvent> facts) {
        var seen = new HashSet<String>();
        return facts.stream().filter(e -> seen.add(e.eventId())).map(e -> e.type().name()).toList();
    }

}

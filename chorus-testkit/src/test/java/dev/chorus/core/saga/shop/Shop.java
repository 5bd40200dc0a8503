package dev.chorus.core.saga.shop;

import dev.chorus.core.AppendResult;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.handler.RetryPolicy;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.saga.SagaBinding;
import dev.chorus.core.saga.SagaConfig;
import dev.chorus.core.saga.SagaRunner;
import dev.chorus.core.saga.TimeoutTimer;
import dev.chorus.core.state.StateStore;
import dev.chorus.testkit.MutableClock;
import dev.chorus.testkit.StoreFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The shop's world for saga tests: a real in-memory event store and state store on one {@link MutableClock},
 * the services, and the fulfilment saga's runner, with timeouts fired by hand and backoffs recorded instead of
 * slept. {@link #restart()} opens a new runner on the same stores, as a new process would.
 */
public final class Shop implements AutoCloseable {
    public final MutableClock clock = MutableClock.at(StoreFixture.START);
    public final InMemoryEventStore log = new InMemoryEventStore(clock, StoreLimits.DEFAULT);
    public final InMemoryStateStore state = new InMemoryStateStore();
    public final ShopServices services = new ShopServices(log);
    public final List<Duration> backoffs = new ArrayList<>();
    private final Consumer<SagaConfig.Builder> setup;
    public DeadLetters deadLetters;
    public SagaRunner<Fulfilment, ShopEvent, ShopCommand> runner;

    public Shop() {
        this(c -> {});
    }

    public Shop(Consumer<SagaConfig.Builder> setup) {
        this.setup = setup;
        this.deadLetters = new DeadLetters(state, clock);
        this.runner = open(state, deadLetters);
    }

    public SagaConfig config() {
        return SagaConfig.of(c -> {
            c.clock(clock).timer(TimeoutTimer.manual()).sleeper(backoffs::add)
                    .retry(RetryPolicy.defaults().withMaxAttempts(3));
            setup.accept(c);
        });
    }

    public SagaRunner<Fulfilment, ShopEvent, ShopCommand> open(StateStore on, DeadLetters letters) {
        var binding = SagaBinding.of(new OrderFulfilment(), ShopCodecs.EVENTS, ShopCodecs.STATE, services);
        return SagaRunner.open(binding, log, on, letters, config());
    }

    /** A new process: a new runner and dead-letter service on the same stores. */
    public SagaRunner<Fulfilment, ShopEvent, ShopCommand> restart() {
        runner.close();
        deadLetters = new DeadLetters(state, clock);
        runner = open(state, deadLetters);
        return runner;
    }

    /** The order service takes an order: the first fact of the conversation {@code orderId}. */
    public AppendResult place(String orderId, long amount) {
        return append("order-" + orderId, MessageContext.correlatedBy(orderId), new ShopEvent.OrderPlaced(orderId, amount));
    }

    public AppendResult append(String streamId, MessageContext context, ShopEvent event) {
        var encoded = ShopCodecs.EVENTS.encode(event);
        return log.append(streamId, ExpectedVersion.any(),
                List.of(new NewEvent(encoded.type(), encoded.data(), context.metadata())));
    }

    public List<RecordedEvent> everything() {
        return StoreFixture.everything(log);
    }

    /** The stored facts of a conversation, in log order. */
    public List<RecordedEvent> conversation(String correlationId) {
        return everything().stream().filter(e -> e.correlationId().equals(correlationId)).toList();
    }

    public RecordedEvent only(String typeName, String correlationId) {
        var matches = conversation(correlationId).stream().filter(e -> e.type().name().equals(typeName)).toList();
        if (matches.size() != 1) {
            throw new AssertionError("expected one " + typeName + " in " + correlationId + "; got " + matches);
        }
        return matches.getFirst();
    }

    public List<String> types(String correlationId) {
        return conversation(correlationId).stream().map(e -> e.type().name()).toList();
    }

    @Override
    public void close() {
        runner.close();
        log.close();
        state.close();
    }
}

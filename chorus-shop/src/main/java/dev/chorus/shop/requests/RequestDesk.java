package dev.chorus.shop.requests;

import dev.chorus.core.EventStore;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.ReadDirection;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.decider.CommandRejected;
import dev.chorus.core.decider.CommandResult;
import dev.chorus.core.handler.HandlerContext;
import dev.chorus.core.handler.HandlerRegistration;
import dev.chorus.core.handler.RetryPolicy;
import dev.chorus.shop.contracts.ShopCodecs;
import dev.chorus.shop.contracts.ShopRequest;
import dev.chorus.shop.contracts.ShopRequest.Command;
import dev.chorus.shop.contracts.ShopRequest.RequestAccepted;
import dev.chorus.shop.contracts.ShopRequest.RequestRejected;
import dev.chorus.json.JsonEventCodec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Carries out the requests one service owns when the shop runs one process per service: the request arrives on
 * the service's log (imported from the API's topic), the service runs the command as it would for a local
 * caller, and writes the outcome on the request's stream, from where it travels back to the API.
 *
 * <p>A redelivery after a crash does not run a command twice: when the outcome is already written there is
 * nothing to do, and when the command's effect is (an event in its target stream caused by this request) the
 * outcome points at it instead of running the command again.
 */
public final class RequestDesk {
    /** How far back a redelivered request looks for its own effect in the target stream. */
    private static final int EFFECT_SEARCH = 256;

    private final String name;
    private final EventStore events;
    private final JsonEventCodec<Object> accepts;
    private final Executor executor;

    /** Runs one command with the request's context; throws the service's {@link CommandRejected} to refuse it. */
    public interface Executor {
        /**
         * @param requestPosition where the request is in the service's log: what the command needs to have been
         *                        seen by a read model arrived before it
         */
        CommandResult<?, ?> execute(Command command, MessageContext context, long requestPosition);

        /** The stream the command writes to, where a redelivery looks for the effect of an earlier run. */
        String targetStream(Command command);

        /**
         * Whether a rejection may be only this service not knowing yet what another one already recorded (a customer
         * registered a moment ago, say): such a request is retried for a while before the rejection stands.
         */
        default boolean mayResolveLater(CommandRejected rejected) {
            return false;
        }
    }

    /** Retry budget of a request that may resolve later: about six seconds with this backoff. */
    private static final int ATTEMPTS = 12;

    private RequestDesk(String name, EventStore events, JsonEventCodec<Object> accepts, Executor executor) {
        this.name = name;
        this.events = events;
        this.accepts = accepts;
        this.executor = executor;
    }

    /**
     * The handler {@code <service>.requests}, over the service's store, accepting only {@code types}. Failures
     * that are not rejections (the store down, say) are retried, then dead-lettered like any handler's.
     */
    @SafeVarargs
    public static HandlerRegistration<Object> registration(String service, EventStore events, Executor executor,
                                                           Class<? extends Command>... types) {
        Objects.requireNonNull(executor, "executor");
        var desk = new RequestDesk(service + ".requests", Objects.requireNonNull(events, "events"),
                ShopCodecs.requestsOnly(types), executor);
        return HandlerRegistration.of(desk.name, desk.accepts, (event, context) -> desk.handle((Command) event,
                        context))
                .withRetry(RetryPolicy.defaults().withMaxAttempts(ATTEMPTS)
                        .withBackoff(Duration.ofMillis(20), Duration.ofSeconds(1), 2.0))
                .idempotent();
    }

    private void handle(Command command, HandlerContext context) {
        String stream = ShopRequest.streamOf(command.requestId());
        long requestVersion = context.event().version();
        if (events.streamVersion(stream) > requestVersion) {
            return;
        }
        var outcome = earlierEffect(command, context.event())
                .<ShopRequest.Outcome>map(effect -> new RequestAccepted(command.requestId(), effect.streamId(),
                        effect.version()))
                .orElseGet(() -> run(command, context));
        context.append(stream, ExpectedVersion.exactly(requestVersion), ShopCodecs.REQUESTS, List.of(outcome));
    }

    private ShopRequest.Outcome run(Command command, HandlerContext context) {
        try {
            var result = executor.execute(command, context.messageContext(), context.event().position());
            return new RequestAccepted(command.requestId(), result.streamId(), result.version());
        } catch (CommandRejected rejected) {
            if (context.attempt() < ATTEMPTS && executor.mayResolveLater(rejected)) {
                throw new NotKnownYet(rejected);
            }
            return new RequestRejected(command.requestId(), rejected.reason(), rejected.getMessage(),
                    rejected.details());
        }
    }

    /** A rejection that may not stand: the handler retries the request (see {@link Executor#mayResolveLater}). */
    static final class NotKnownYet extends RuntimeException {
        NotKnownYet(CommandRejected rejected) {
            super("not known yet, retrying: " + rejected.getMessage(), rejected);
        }
    }

    private Optional<RecordedEvent> earlierEffect(Command command, RecordedEvent request) {
        String target = executor.targetStream(command);
        return events.readStream(target, ReadDirection.BACKWARD, dev.chorus.core.StreamReader.END, EFFECT_SEARCH)
                .stream()
                .filter(event -> event.causationId().equals(request.eventId()))
                .findFirst();
    }
}

package dev.chorus.shop.payments;

import dev.chorus.core.decider.CommandLoop;
import dev.chorus.core.decider.DeciderBinding;
import dev.chorus.core.handler.HandlerContext;
import dev.chorus.core.handler.HandlerRegistration;
import dev.chorus.core.handler.RunningHandler;
import dev.chorus.core.projection.ProjectionConfig;
import dev.chorus.core.projection.ProjectionRunner;
import dev.chorus.json.JsonEventCodec;
import dev.chorus.shop.contracts.CustomerEvent.CustomerRegistered;
import dev.chorus.shop.contracts.InventoryEvent.StockReserved;
import dev.chorus.shop.contracts.OrderEvent.OrderCancelled;
import dev.chorus.shop.contracts.PaymentEvent;
import dev.chorus.shop.contracts.ServiceRuntime;
import dev.chorus.shop.contracts.ShopCodecs;
import dev.chorus.shop.payments.PaymentCommand.Authorize;
import dev.chorus.shop.payments.PaymentCommand.OpenAccount;
import dev.chorus.shop.payments.PaymentCommand.ReleaseCredit;
import java.util.Optional;

/** The payments service's wiring: credit accounts, the credit view and the reactions that drive them. */
public final class PaymentsService implements AutoCloseable {
    /** Only the facts this service reacts to: the others never reach its handler. */
    public static final JsonEventCodec<Object> REACTS_TO = ShopCodecs.only(
            CustomerRegistered.class, StockReserved.class, OrderCancelled.class);
    public static final String REACTIONS = "payments.reactions";
    public static final DeciderBinding<PaymentCommand, CreditAccount, PaymentEvent> BINDING = DeciderBinding.of(
            new CreditAccountDecider(), ShopCodecs.PAYMENTS,
            command -> CreditAccountDecider.streamOf(command.customerId()));

    private final ServiceRuntime runtime;
    private final CommandLoop<PaymentCommand, CreditAccount, PaymentEvent> commands;
    private final ProjectionRunner<PaymentEvent> view;
    private RunningHandler reactions;

    public PaymentsService(ServiceRuntime runtime) {
        this.runtime = runtime;
        // a customer's account answers every order of theirs: keep the busy ones warm instead of folding them per order
        this.commands = CommandLoop.create(runtime.events(), BINDING, c -> {
            c.clock = runtime.clock();
            c.stateCache = 4096;
        });
        this.view = ProjectionRunner.create(runtime.events(), runtime.state(), CreditViews.projection(),
                ProjectionConfig.DEFAULT);
    }

    public PaymentsService start() {
        view.start();
        reactions = runtime.handlers().start(
                HandlerRegistration.of(REACTIONS, REACTS_TO, this::react).idempotent());
        return this;
    }

    /** The customer's credit after the view has caught up with the log; empty before the account opens. */
    public Optional<CreditView> credit(String customerId) {
        runtime.awaitCurrent(view);
        return view.view().get(CreditViews.key(customerId), CreditViews.ROW);
    }

    public ProjectionRunner<PaymentEvent> view() {
        return view;
    }

    private void react(Object event, HandlerContext context) {
        var command = switch (event) {
            case CustomerRegistered registered -> Optional.<PaymentCommand>of(
                    new OpenAccount(registered.customerId(), registered.creditLimit()));
            case StockReserved reserved -> Optional.<PaymentCommand>of(
                    new Authorize(reserved.orderId(), reserved.customerId(), reserved.total()));
            case OrderCancelled cancelled -> Optional.<PaymentCommand>of(
                    new ReleaseCredit(cancelled.orderId(), cancelled.customerId()));
            default -> Optional.<PaymentCommand>empty();
        };
        command.ifPresent(c -> commands.handle(c, context));
    }

    @Override
    public void close() {
        if (reactions != null) {
            reactions.close();
        }
        view.close();
    }
}

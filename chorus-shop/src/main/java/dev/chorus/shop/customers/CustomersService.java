package dev.chorus.shop.customers;

import dev.chorus.core.context.MessageContext;
import dev.chorus.core.decider.CommandLoop;
import dev.chorus.core.decider.CommandResult;
import dev.chorus.core.decider.DeciderBinding;
import dev.chorus.core.projection.ProjectionConfig;
import dev.chorus.core.projection.ProjectionRunner;
import dev.chorus.shop.contracts.CustomerEvent;
import dev.chorus.shop.contracts.ServiceRuntime;
import dev.chorus.shop.contracts.ShopCodecs;
import dev.chorus.shop.customers.CustomerCommand.ChangeAddress;
import dev.chorus.shop.customers.CustomerCommand.RegisterCustomer;
import java.util.Optional;

/** The customers service's wiring: its command loop and its read model. It reacts to nobody. */
public final class CustomersService implements AutoCloseable {
    public static final DeciderBinding<CustomerCommand, Customer, CustomerEvent> BINDING = DeciderBinding.of(
            new CustomerDecider(), ShopCodecs.CUSTOMERS, command -> CustomerDecider.streamOf(command.customerId()));

    private final ServiceRuntime runtime;
    private final CommandLoop<CustomerCommand, Customer, CustomerEvent> commands;
    private final ProjectionRunner<CustomerEvent> view;

    public CustomersService(ServiceRuntime runtime) {
        this.runtime = runtime;
        this.commands = CommandLoop.create(runtime.events(), BINDING, c -> c.clock = runtime.clock());
        this.view = ProjectionRunner.create(runtime.events(), runtime.state(), CustomersView.projection(),
                ProjectionConfig.DEFAULT);
    }

    public CustomersService start() {
        view.start();
        return this;
    }

    /** Registers a customer under {@code customerId}; the conversation is correlated by the customer id. */
    public CommandResult<Customer, CustomerEvent> register(RegisterCustomer command) {
        return register(command, MessageContext.correlatedBy(command.customerId()));
    }

    /** As {@link #register(RegisterCustomer)}, as part of the conversation {@code context} belongs to. */
    public CommandResult<Customer, CustomerEvent> register(RegisterCustomer command, MessageContext context) {
        return commands.handle(command, context);
    }

    public CommandResult<Customer, CustomerEvent> changeAddress(ChangeAddress command) {
        return changeAddress(command, MessageContext.root());
    }

    public CommandResult<Customer, CustomerEvent> changeAddress(ChangeAddress command, MessageContext context) {
        return commands.handle(command, context);
    }

    /** The customer as the read model knows it, after it has caught up with the log (read-your-writes). */
    public Optional<CustomerView> get(String customerId) {
        runtime.awaitCurrent(view);
        return view.view().get(CustomersView.key(customerId), CustomersView.ROW);
    }

    public ProjectionRunner<CustomerEvent> view() {
        return view;
    }

    @Override
    public void close() {
        view.close();
    }
}

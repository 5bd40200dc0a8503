package dev.chorus.shop.customers;

import dev.chorus.core.decider.Decider;
import dev.chorus.shop.contracts.Bounds;
import dev.chorus.shop.contracts.Conflict;
import dev.chorus.shop.contracts.CustomerEvent;
import dev.chorus.shop.contracts.CustomerEvent.CustomerAddressChanged;
import dev.chorus.shop.contracts.CustomerEvent.CustomerRegistered;
import dev.chorus.shop.contracts.NotFound;
import dev.chorus.shop.customers.Customer.Registered;
import dev.chorus.shop.customers.Customer.Unregistered;
import dev.chorus.shop.customers.CustomerCommand.ChangeAddress;
import dev.chorus.shop.customers.CustomerCommand.RegisterCustomer;
import java.util.List;

public final class CustomerDecider implements Decider<CustomerCommand, Customer, CustomerEvent> {
    public static String streamOf(String customerId) {
        return "customer-" + customerId;
    }

    @Override
    public Customer initialState() {
        return new Unregistered();
    }

    @Override
    public List<CustomerEvent> decide(CustomerCommand command, Customer state) {
        return switch (command) {
            case RegisterCustomer register -> register(register, state);
            case ChangeAddress change -> changeAddress(change, state);
        };
    }

    private static List<CustomerEvent> register(RegisterCustomer command, Customer state) {
        Bounds.id("customerId", command.customerId());
        Bounds.text("name", command.name(), Bounds.MAX_TEXT);
        Bounds.email(command.email());
        Bounds.text("address", command.address(), Bounds.MAX_ADDRESS);
        Bounds.creditLimit(command.creditLimit());
        if (state instanceof Registered) {
            throw new Conflict("customer-exists", command.customerId(),
                    "customer " + command.customerId() + " is already registered");
        }
        return List.of(new CustomerRegistered(command.customerId(), command.name(), command.email(),
                command.address(), command.creditLimit()));
    }

    private static List<CustomerEvent> changeAddress(ChangeAddress command, Customer state) {
        Bounds.text("address", command.address(), Bounds.MAX_ADDRESS);
        return switch (state) {
            case Unregistered unregistered -> throw new NotFound("customer", command.customerId());
            case Registered registered when registered.address().equals(command.address()) -> List.of();
            case Registered registered -> List.of(new CustomerAddressChanged(command.customerId(), command.address()));
        };
    }

    @Override
    public Customer evolve(Customer state, CustomerEvent event) {
        return switch (event) {
            case CustomerRegistered r -> new Registered(r.customerId(), r.name(), r.email(), r.address(), r.creditLimit());
            case CustomerAddressChanged changed when state instanceof Registered r ->
                    new Registered(r.customerId(), r.name(), r.email(), changed.address(), r.creditLimit());
            case CustomerAddressChanged changed -> state;
        };
    }
}

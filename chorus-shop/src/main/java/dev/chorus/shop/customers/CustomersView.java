package dev.chorus.shop.customers;

import dev.chorus.core.codec.Codec;
import dev.chorus.core.projection.Projection;
import dev.chorus.json.JsonCodec;
import dev.chorus.shop.contracts.CustomerEvent;
import dev.chorus.shop.contracts.CustomerEvent.CustomerAddressChanged;
import dev.chorus.shop.contracts.CustomerEvent.CustomerRegistered;
import dev.chorus.shop.contracts.ShopCodecs;

/** Projection {@code customers.view}: {@code customer/<id>} → {@link CustomerView}. */
public final class CustomersView {
    public static final String NAME = "customers.view";
    public static final Codec<CustomerView> ROW = JsonCodec.of(CustomerView.class);

    private CustomersView() {}

    public static String key(String customerId) {
        return "customer/" + customerId;
    }

    public static Projection<CustomerEvent> projection() {
        return Projection.of(NAME, ShopCodecs.CUSTOMERS, (event, source, model) -> {
            switch (event) {
                case CustomerRegistered r -> model.put(key(r.customerId()),
                        new CustomerView(r.customerId(), r.name(), r.email(), r.address(), r.creditLimit()), ROW);
                case CustomerAddressChanged changed -> model.get(key(changed.customerId()), ROW).ifPresent(row ->
                        model.put(key(changed.customerId()), new CustomerView(row.customerId(), row.name(),
                                row.email(), changed.address(), row.creditLimit()), ROW));
            }
        });
    }
}

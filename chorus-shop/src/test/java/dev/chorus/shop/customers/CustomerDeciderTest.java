package dev.chorus.shop.customers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.shop.contracts.Conflict;
import dev.chorus.shop.contracts.CustomerEvent;
import dev.chorus.shop.contracts.CustomerEvent.CustomerAddressChanged;
import dev.chorus.shop.contracts.CustomerEvent.CustomerRegistered;
import dev.chorus.shop.contracts.InvalidValue;
import dev.chorus.shop.contracts.NotFound;
import dev.chorus.shop.contracts.ShopCodecs;
import dev.chorus.shop.customers.CustomerCommand.ChangeAddress;
import dev.chorus.shop.customers.CustomerCommand.RegisterCustomer;
import dev.chorus.testkit.decider.DeciderSpec;
import dev.chorus.testkit.projection.ProjectionSpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CustomerDeciderTest {
    private static final CustomerRegistered ADA = new CustomerRegistered("c-1", "Ada", "ada@example.org", "London", 500);

    private static DeciderSpec<CustomerCommand, Customer, CustomerEvent> spec() {
        return DeciderSpec.of(new CustomerDecider()).withCodec(ShopCodecs.CUSTOMERS);
    }

    @Nested
    class Registering {
        @Test
        void a_new_customer_is_registered() {
            spec().given().when(new RegisterCustomer("c-1", "Ada", "ada@example.org", "London", 500)).then(ADA);
        }

        @Test
        void a_registered_customer_is_not_registered_again() {
            spec().given(ADA).when(new RegisterCustomer("c-1", "Ada", "ada@example.org", "London", 500))
                    .thenThrows(Conflict.class, e -> assertThat(e.reason()).isEqualTo("customer-exists"));
        }

        @Test
        void blank_names_bad_emails_and_over_long_addresses_are_refused() {
            spec().given().when(new RegisterCustomer("c-1", " ", "ada@example.org", "London", 5))
                    .thenThrows(InvalidValue.class, e -> assertThat(e.field()).isEqualTo("name"));
            spec().given().when(new RegisterCustomer("c-1", "Ada", "ada.example.org", "London", 5))
                    .thenThrows(InvalidValue.class, e -> assertThat(e.field()).isEqualTo("email"));
            spec().given().when(new RegisterCustomer("c-1", "Ada", "a@b", "x".repeat(501), 5))
                    .thenThrows(InvalidValue.class, e -> assertThat(e.field()).isEqualTo("address"));
        }

        @Test
        void a_credit_limit_is_between_zero_and_ten_to_the_twelve_cents() {
            spec().given().when(new RegisterCustomer("c-1", "Ada", "a@b", "London", 0)).then(
                    new CustomerRegistered("c-1", "Ada", "a@b", "London", 0));
            spec().given().when(new RegisterCustomer("c-1", "Ada", "a@b", "London", 1_000_000_000_000L)).then(
                    new CustomerRegistered("c-1", "Ada", "a@b", "London", 1_000_000_000_000L));
            spec().given().when(new RegisterCustomer("c-1", "Ada", "a@b", "London", -1))
                    .thenThrows(InvalidValue.class, e -> assertThat(e.field()).isEqualTo("creditLimit"));
            spec().given().when(new RegisterCustomer("c-1", "Ada", "a@b", "London", 1_000_000_000_001L))
                    .thenThrows(InvalidValue.class, e -> assertThat(e.field()).isEqualTo("creditLimit"));
        }
    }

    @Nested
    class Changing_the_address {
        @Test
        void a_new_address_is_recorded() {
            spec().given(ADA).when(new ChangeAddress("c-1", "Paris")).then(new CustomerAddressChanged("c-1", "Paris"));
        }

        @Test
        void the_same_address_changes_nothing() {
            spec().given(ADA).when(new ChangeAddress("c-1", "London")).thenNothing();
        }

        @Test
        void an_unknown_customer_is_not_found() {
            spec().given().when(new ChangeAddress("c-9", "Paris")).thenThrows(NotFound.class);
        }

        @Test
        void the_state_follows_the_change() {
            spec().given(ADA, new CustomerAddressChanged("c-1", "Paris"))
                    .thenState(new Customer.Registered("c-1", "Ada", "ada@example.org", "Paris", 500));
        }
    }

    @Test
    void the_view_shows_the_latest_address() {
        ProjectionSpec.of(CustomersView.projection())
                .given(ADA, new CustomerAddressChanged("c-1", "Paris"))
                .thenRow("customer/c-1", CustomersView.ROW, new CustomerView("c-1", "Ada", "ada@example.org", "Paris", 500));
    }
}

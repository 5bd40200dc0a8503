package dev.chorus.shop.payments;

import dev.chorus.shop.contracts.InvalidValue;
import dev.chorus.shop.contracts.PaymentEvent;
import dev.chorus.shop.contracts.PaymentEvent.CreditAccountOpened;
import dev.chorus.shop.contracts.PaymentEvent.CreditReleased;
import dev.chorus.shop.contracts.PaymentEvent.PaymentAuthorized;
import dev.chorus.shop.contracts.PaymentEvent.PaymentFailed;
import dev.chorus.shop.contracts.ShopCodecs;
import dev.chorus.shop.payments.PaymentCommand.Authorize;
import dev.chorus.shop.payments.PaymentCommand.OpenAccount;
import dev.chorus.shop.payments.PaymentCommand.ReleaseCredit;
import dev.chorus.testkit.decider.DeciderSpec;
import dev.chorus.testkit.projection.ProjectionSpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CreditAccountDeciderTest {
    private static final CreditAccountOpened OPENED = new CreditAccountOpened("c-1", 1_000);

    private static DeciderSpec<PaymentCommand, CreditAccount, PaymentEvent> spec() {
        return DeciderSpec.of(new CreditAccountDecider()).withCodec(ShopCodecs.PAYMENTS);
    }

    @Nested
    class Opening {
        @Test
        void an_account_opens_once_with_the_customers_limit() {
            spec().given().when(new OpenAccount("c-1", 1_000)).then(OPENED);
            spec().given(OPENED).when(new OpenAccount("c-1", 1_000)).thenNothing();
        }

        @Test
        void a_limit_outside_the_bounds_is_refused() {
            spec().given().when(new OpenAccount("c-1", -1)).thenThrows(InvalidValue.class);
            spec().given().when(new OpenAccount("c-1", 1_000_000_000_001L)).thenThrows(InvalidValue.class);
        }
    }

    @Nested
    class Authorizing {
        @Test
        void a_total_that_fits_the_available_credit_is_authorized() {
            spec().given(OPENED).when(new Authorize("o-1", "c-1", 1_000)).then(new PaymentAuthorized("o-1", "c-1", 1_000));
        }

        @Test
        void authorized_orders_reduce_the_available_credit() {
            spec().given(OPENED, new PaymentAuthorized("o-1", "c-1", 600)).when(new Authorize("o-2", "c-1", 401))
                    .then(new PaymentFailed("o-2", "c-1", 401, "insufficient-credit"));
            spec().given(OPENED, new PaymentAuthorized("o-1", "c-1", 600)).when(new Authorize("o-2", "c-1", 400))
                    .then(new PaymentAuthorized("o-2", "c-1", 400));
        }

        @Test
        void released_orders_give_their_credit_back() {
            spec().given(OPENED, new PaymentAuthorized("o-1", "c-1", 600), new CreditReleased("o-1", "c-1", 600))
                    .when(new Authorize("o-2", "c-1", 1_000)).then(new PaymentAuthorized("o-2", "c-1", 1_000));
        }

        @Test
        void an_order_is_answered_once() {
            spec().given(OPENED, new PaymentAuthorized("o-1", "c-1", 600)).when(new Authorize("o-1", "c-1", 600))
                    .thenNothing();
            spec().given(OPENED, new PaymentFailed("o-1", "c-1", 6_000, "insufficient-credit"))
                    .when(new Authorize("o-1", "c-1", 6_000)).thenNothing();
        }

        @Test
        void an_order_cancelled_before_its_authorization_is_refused() {
            spec().given(OPENED, new CreditReleased("o-1", "c-1", 0)).when(new Authorize("o-1", "c-1", 10))
                    .then(new PaymentFailed("o-1", "c-1", 10, "order-cancelled"));
        }

        @Test
        void a_customer_without_an_account_is_refused() {
            spec().given().when(new Authorize("o-1", "c-1", 10))
                    .then(new PaymentFailed("o-1", "c-1", 10, "no-credit-account"));
        }

        @Test
        void amounts_outside_the_bounds_are_refused() {
            spec().given(OPENED).when(new Authorize("o-1", "c-1", -1)).thenThrows(InvalidValue.class);
            spec().given(OPENED).when(new Authorize("o-1", "c-1", CreditAccountDecider.MAX_AMOUNT + 1))
                    .thenThrows(InvalidValue.class);
        }
    }

    @Nested
    class Releasing {
        @Test
        void an_authorized_order_releases_its_amount_once() {
            spec().given(OPENED, new PaymentAuthorized("o-1", "c-1", 600)).when(new ReleaseCredit("o-1", "c-1"))
                    .then(new CreditReleased("o-1", "c-1", 600));
            spec().given(OPENED, new PaymentAuthorized("o-1", "c-1", 600), new CreditReleased("o-1", "c-1", 600))
                    .when(new ReleaseCredit("o-1", "c-1")).thenNothing();
        }

        @Test
        void a_failed_order_releases_nothing() {
            spec().given(OPENED, new PaymentFailed("o-1", "c-1", 6_000, "insufficient-credit"))
                    .when(new ReleaseCredit("o-1", "c-1")).thenNothing();
        }

        @Test
        void an_order_not_yet_seen_is_closed_with_nothing_released() {
            spec().given(OPENED).when(new ReleaseCredit("o-1", "c-1")).then(new CreditReleased("o-1", "c-1", 0));
        }
    }

    @Test
    void the_credit_view_tracks_authorized_totals() {
        ProjectionSpec.of(CreditViews.projection())
                .given(OPENED, new PaymentAuthorized("o-1", "c-1", 600), new PaymentAuthorized("o-2", "c-1", 300),
                        new CreditReleased("o-1", "c-1", 600), new PaymentFailed("o-3", "c-1", 900, "insufficient-credit"))
                .thenRow("credit/c-1", CreditViews.ROW, new CreditView("c-1", 1_000, 300, 700));
    }
}

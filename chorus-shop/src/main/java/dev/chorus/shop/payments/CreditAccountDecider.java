package dev.chorus.shop.payments;

import dev.chorus.core.decider.Decider;
import dev.chorus.shop.contracts.Bounds;
import dev.chorus.shop.contracts.InvalidValue;
import dev.chorus.shop.contracts.PaymentEvent;
import dev.chorus.shop.contracts.PaymentEvent.CreditAccountOpened;
import dev.chorus.shop.contracts.PaymentEvent.CreditReleased;
import dev.chorus.shop.contracts.PaymentEvent.PaymentAuthorized;
import dev.chorus.shop.contracts.PaymentEvent.PaymentFailed;
import dev.chorus.shop.payments.CreditAccount.Hold;
import dev.chorus.shop.payments.CreditAccount.HoldStatus;
import dev.chorus.shop.payments.PaymentCommand.Authorize;
import dev.chorus.shop.payments.PaymentCommand.OpenAccount;
import dev.chorus.shop.payments.PaymentCommand.ReleaseCredit;
import java.util.List;

/**
 * A credit account's rules. Every order is answered once, by order id: a redelivered fact, or a
 * {@code StockReserved} that arrives after the order was cancelled, gets no second answer.
 */
public final class CreditAccountDecider implements Decider<PaymentCommand, CreditAccount, PaymentEvent> {
    /** The largest order total the bounds allow: 100 lines x 10^4 units x 10^9 cents. */
    public static final long MAX_AMOUNT = Bounds.MAX_LINES * (long) Bounds.MAX_QUANTITY * Bounds.MAX_UNIT_PRICE;

    public static String streamOf(String customerId) {
        return "credit-account-" + customerId;
    }

    @Override
    public CreditAccount initialState() {
        return CreditAccount.none();
    }

    @Override
    public List<PaymentEvent> decide(PaymentCommand command, CreditAccount state) {
        return switch (command) {
            case OpenAccount open -> {
                Bounds.creditLimit(open.creditLimit());
                yield state.open() ? List.of() : List.of(new CreditAccountOpened(open.customerId(), open.creditLimit()));
            }
            case Authorize authorize -> authorize(authorize, state);
            case ReleaseCredit release -> {
                var hold = state.orders().find(release.orderId());
                if (hold.isEmpty()) {
                    // cancelled before payments saw its stock reserved: close it so no later authorization holds credit
                    yield List.of(new CreditReleased(release.orderId(), release.customerId(), 0));
                }
                yield hold.get().status() == HoldStatus.AUTHORIZED
                        ? List.of(new CreditReleased(release.orderId(), release.customerId(), hold.get().amount()))
                        : List.of();
            }
        };
    }

    private static List<PaymentEvent> authorize(Authorize command, CreditAccount state) {
        if (command.amount() < 0 || command.amount() > MAX_AMOUNT) {
            throw new InvalidValue("amount", "must be between 0 and " + MAX_AMOUNT + " cents");
        }
        var hold = state.orders().find(command.orderId());
        if (hold.isPresent()) {
            return hold.get().status() == HoldStatus.RELEASED && hold.get().amount() == 0
                    ? List.of(new PaymentFailed(command.orderId(), command.customerId(), command.amount(),
                            "order-cancelled"))
                    : List.of();
        }
        if (!state.open()) {
            return List.of(new PaymentFailed(command.orderId(), command.customerId(), command.amount(),
                    "no-credit-account"));
        }
        if (command.amount() > state.available()) {
            return List.of(new PaymentFailed(command.orderId(), command.customerId(), command.amount(),
                    "insufficient-credit"));
        }
        return List.of(new PaymentAuthorized(command.orderId(), command.customerId(), command.amount()));
    }

    @Override
    public CreditAccount evolve(CreditAccount state, PaymentEvent event) {
        return switch (event) {
            case CreditAccountOpened opened -> new CreditAccount(true, opened.creditLimit(), state.authorized(),
                    state.orders());
            case PaymentAuthorized authorized -> new CreditAccount(state.open(), state.creditLimit(),
                    state.authorized() + authorized.amount(),
                    state.orders().with(authorized.orderId(), new Hold(HoldStatus.AUTHORIZED, authorized.amount())));
            case PaymentFailed failed -> new CreditAccount(state.open(), state.creditLimit(), state.authorized(),
                    state.orders().with(failed.orderId(), new Hold(HoldStatus.FAILED, failed.amount())));
            case CreditReleased released -> new CreditAccount(state.open(), state.creditLimit(),
                    state.authorized() - released.amount(),
                    state.orders().with(released.orderId(), new Hold(HoldStatus.RELEASED, released.amount())));
        };
    }
}

package dev.chorus.shop.payments;

import dev.chorus.shop.contracts.ById;

/**
 * A customer's credit account: the limit and every order it has answered, by order id. The available credit
 * is the limit minus the amounts of authorized orders not yet released (cancelled).
 */
public record CreditAccount(boolean open, long creditLimit, long authorized, ById<Hold> orders) {
    public static CreditAccount none() {
        return new CreditAccount(false, 0, 0, ById.empty());
    }

    public long available() {
        return creditLimit - authorized;
    }

    public enum HoldStatus { AUTHORIZED, FAILED, RELEASED }

    public record Hold(HoldStatus status, long amount) {}
}

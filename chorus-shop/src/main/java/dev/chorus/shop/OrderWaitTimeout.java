package dev.chorus.shop;

import dev.chorus.core.RetriableException;

/** An order did not reach the awaited status before the deadline; {@code lastSeen} says where it was. */
public final class OrderWaitTimeout extends RetriableException {
    private final String orderId;
    private final String lastSeen;

    public OrderWaitTimeout(String orderId, String wanted, String lastSeen) {
        super("order " + orderId + " did not reach " + wanted + " in time; last seen " + lastSeen);
        this.orderId = orderId;
        this.lastSeen = lastSeen;
    }

    public String orderId() {
        return orderId;
    }

    public String lastSeen() {
        return lastSeen;
    }
}
